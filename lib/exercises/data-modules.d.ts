// Exercise tests import their data files; the grader's bundler loads them as text / JSON.
declare module '*.csv' {
  const text: string;
  export default text;
}
