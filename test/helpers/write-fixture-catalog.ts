import fs from 'node:fs';
import path from 'node:path';

/** Text that only `.meta/` files and hints contain: it must never appear in a response. */
export const SECRET_MARKERS = {
  solution: 'SOLUTION_SECRET_7f3a',
  tests: 'TESTS_SECRET_91bc',
  explanation: 'EXPLANATION_SECRET_c0de',
  mutant: 'MUTANT_SECRET_4e21',
  hint: 'HINT_SECRET_b00c',
} as const;

interface FixtureExercise {
  track: string;
  slug: string;
  meta: Record<string, unknown>;
  prompt: string;
  data: Record<string, string>;
}

const FIXTURES: FixtureExercise[] = [
  {
    track: 'feature-engineering',
    slug: 'scale-without-leakage',
    meta: {
      uuid: '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e',
      title: 'Scale features without leakage',
      blurb: 'Fit a standard scaler on the training rows only and apply it to both splits.',
      difficulty: 'easy',
      skills: ['scaling', 'leakage'],
      minutes: 15,
      exports: ['scale'],
    },
    prompt: '# Scale features without leakage\n\nFit on **train** only.\n\n| column | meaning |\n| --- | --- |\n| age | years |\n\n```ts\nconst x = 1;\n```\n',
    data: {
      'customers.csv': 'id,age,city\n' + Array.from({ length: 25 }, (_, i) => `${i + 1},${20 + i},${i % 2 ? 'Lyon' : ''}`).join('\n') + '\n',
      'config.json': JSON.stringify({ seed: 7, split: { train: 0.8, test: 0.2 } }),
    },
  },
  {
    track: 'deployment-debugging',
    slug: 'fix-serving-skew',
    meta: {
      uuid: '5d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
      title: 'Fix the serving skew',
      blurb: 'The model scores well offline and badly in production; make serving normalise like training.',
      difficulty: 'hard',
      skills: ['training-serving-skew', 'normalisation'],
      minutes: 30,
      prerequisites: ['scale-without-leakage'],
      exports: ['predict'],
    },
    prompt: 'Serving must match training.\n',
    data: {
      'requests.json': JSON.stringify([
        { id: 1, features: [0.1, 0.2], label: 'a' },
        { id: 2, features: [0.3, 0.4], label: null },
      ]),
    },
  },
];

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Writes a small valid catalog (two exercises) under `<root>/exercises`. */
export function writeFixtureCatalog(root: string): void {
  for (const fixture of FIXTURES) {
    const dir = path.join(root, 'exercises', fixture.track, fixture.slug);
    const meta = {
      ...fixture.meta,
      slug: fixture.slug,
      track: fixture.track,
      hints: [`First hint ${SECRET_MARKERS.hint}`, `Second hint ${SECRET_MARKERS.hint}`],
    };
    write(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
    write(path.join(dir, 'prompt.md'), fixture.prompt);
    write(path.join(dir, 'starter.ts'), 'export function scale(rows: number[][]): number[][] {\n  return rows;\n}\n');
    for (const [name, text] of Object.entries(fixture.data)) write(path.join(dir, 'data', name), text);
    write(path.join(dir, '.meta', 'solution.ts'), `// ${SECRET_MARKERS.solution}\nexport const x = 1;\n`);
    write(path.join(dir, '.meta', 'tests.ts'), `// ${SECRET_MARKERS.tests}\nexport default {};\n`);
    write(path.join(dir, '.meta', 'explanation.md'), `${SECRET_MARKERS.explanation}\n`);
    write(
      path.join(dir, '.meta', 'mutants', 'fit-on-all.ts'),
      `// mistake: fits on all rows\n// expect: training columns\n// ${SECRET_MARKERS.mutant}\nexport const x = 2;\n`,
    );
  }
}
