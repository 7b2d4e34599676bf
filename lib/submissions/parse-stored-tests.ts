import { readStoredTest, type TestResult } from '@/lib/grading/result';

/** The per-test results stored with a submission (`tests_json`, any result version); an unreadable value reads as none. */
export function parseStoredTests(json: string): TestResult[] {
  try {
    const tests: unknown = JSON.parse(json);
    return Array.isArray(tests) ? (tests as TestResult[]).map(readStoredTest) : [];
  } catch {
    return [];
  }
}
