import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Starters are stubs whose parameters the learner puts to use, and mutants are deliberate
    // mistakes, many of which ignore an input (a salt, a seed, a count): unused names are the point.
    files: ['exercises/**/starter.ts', 'exercises/**/.meta/mutants/**'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  globalIgnores(['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'next-env.d.ts', 'db/migrations/**', '.staging/**', 'public/editor/**']),
]);
