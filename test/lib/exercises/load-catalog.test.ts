import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogError, loadCatalogOrThrow, loadExerciseOrThrow } from '@/lib/exercises/load-catalog';
import { TRACKS } from '@/lib/exercises/meta-schema';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SCALE = 'exercises/feature-engineering/scale-without-leakage';
const SKEW = 'exercises/deployment-debugging/fix-serving-skew';
const SCALE_UUID = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';
const MAX_DATA_FILE_BYTES = 2 * 1024 * 1024;

/** The problems loadCatalogOrThrow reports; fails the test if it loads instead. */
function problemsOf(root: string): string[] {
  try {
    loadCatalogOrThrow(root);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    const problems = (error as CatalogError).problems;
    expect((error as CatalogError).message).toBe(`The exercise catalog is invalid:\n  ${problems.join('\n  ')}`);
    return problems;
  }
  throw new Error(`expected the catalog under ${root} to be rejected, but it loaded`);
}

describe('loadCatalogOrThrow on the shipped exercises', () => {
  const root = path.join(REPO_ROOT, 'exercises');

  it('loads every exercise under exercises/ without a problem, each with its files', () => {
    expect(fs.existsSync(root), 'exercises/ must exist: the app loads its catalog from it').toBe(true);
    const exercises = loadCatalogOrThrow(root);
    const folders = TRACKS.flatMap((track) => {
      const dir = path.join(root, track);
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => `${track}/${e.name}`);
    });
    expect(exercises.map((e) => `${e.meta.track}/${e.meta.slug}`).sort()).toEqual(folders.sort());

    for (const exercise of exercises) {
      const where = `${exercise.meta.track}/${exercise.meta.slug}`;
      expect(exercise.dir, where).toBe(path.join(root, exercise.meta.track, exercise.meta.slug));
      expect(exercise.prompt.trim().length, `${where}: prompt.md is empty`).toBeGreaterThan(0);
      expect(exercise.starter.trim().length, `${where}: starter.ts is empty`).toBeGreaterThan(0);
      for (const file of [exercise.solutionFile, exercise.testsFile, exercise.explanationFile]) {
        expect(fs.statSync(file).isFile(), file).toBe(true);
        expect(fs.readFileSync(file, 'utf8').trim().length, `${file} is empty`).toBeGreaterThan(0);
      }
      expect(exercise.mutants.length, `${where}: no mutants`).toBeGreaterThan(0);
      for (const mutant of exercise.mutants) {
        expect(fs.existsSync(mutant.file), mutant.file).toBe(true);
        expect(mutant.mistake.length, mutant.file).toBeGreaterThan(0);
        expect(mutant.expect.length, mutant.file).toBeGreaterThan(0);
      }
      for (const data of exercise.dataFiles) {
        expect(fs.statSync(data.file).size, data.file).toBe(data.bytes);
        expect(data.bytes, data.file).toBeLessThanOrEqual(MAX_DATA_FILE_BYTES);
      }
    }
  });

  it('loads the fixture catalogs the grader tests use', () => {
    for (const name of ['catalog', 'latency-catalog']) {
      const exercises = loadCatalogOrThrow(path.join(REPO_ROOT, 'test', 'fixtures', name));
      expect(exercises.length, name).toBeGreaterThan(0);
      for (const exercise of exercises) expect(exercise.mutants.length, exercise.dir).toBeGreaterThan(0);
    }
  });
});

describe('loadCatalogOrThrow on temporary catalogs', () => {
  let project: ReturnType<typeof useTempProject>;
  let exercisesRoot: string;

  beforeEach(() => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    exercisesRoot = path.join(project.root, 'exercises');
  });
  afterEach(() => project.cleanup());

  const file = (rel: string) => path.join(project.root, rel);
  const readMeta = (dir: string) => JSON.parse(fs.readFileSync(file(`${dir}/meta.json`), 'utf8')) as Record<string, unknown>;
  const writeMeta = (dir: string, meta: Record<string, unknown>) => fs.writeFileSync(file(`${dir}/meta.json`), JSON.stringify(meta, null, 2));
  const editMeta = (dir: string, edit: (meta: Record<string, unknown>) => void) => {
    const meta = readMeta(dir);
    edit(meta);
    writeMeta(dir, meta);
  };
  const write = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
    fs.writeFileSync(file(rel), text);
  };

  it('loads a valid catalog with defaults applied, data files and parsed mutants', () => {
    const exercises = loadCatalogOrThrow(exercisesRoot);
    expect(exercises.map((e) => e.relDir)).toEqual([SKEW, SCALE]);
    const scale = exercises[1]!;
    expect(scale.meta).toMatchObject({
      uuid: SCALE_UUID,
      slug: 'scale-without-leakage',
      track: 'feature-engineering',
      difficulty: 'easy',
      prerequisites: [],
      grader: { timeoutMs: 2_000, memoryMb: 128, tolerance: 1e-6 },
    });
    expect(scale.prompt).toContain('Fit on **train** only.');
    expect(scale.starter).toContain('export function scale');
    expect(scale.dataFiles.map((d) => d.name)).toEqual(['config.json', 'customers.csv']);
    expect(scale.mutants).toEqual([
      { name: 'fit-on-all', file: file(`${SCALE}/.meta/mutants/fit-on-all.ts`), mistake: 'fits on all rows', expect: 'training columns' },
    ]);
    expect(scale.solutionFile).toBe(file(`${SCALE}/.meta/solution.ts`));
  });

  describe('loadExerciseOrThrow', () => {
    it('loads one exercise while another folder is broken', () => {
      fs.rmSync(file(`${SKEW}/prompt.md`));
      expect(() => loadCatalogOrThrow(exercisesRoot)).toThrow(CatalogError);
      expect(loadExerciseOrThrow(exercisesRoot, 'scale-without-leakage').meta.uuid).toBe(SCALE_UUID);
    });

    it("reports that exercise's own problems, and an unknown slug", () => {
      editMeta(SCALE, (meta) => (meta.difficulty = 'trivial'));
      expect(() => loadExerciseOrThrow(exercisesRoot, 'scale-without-leakage')).toThrow(/meta\.json: difficulty must be one of easy\|medium\|hard/);
      expect(() => loadExerciseOrThrow(exercisesRoot, 'no-such-exercise')).toThrow(/no exercise folder named no-such-exercise/);
    });
  });

  describe('meta.json', () => {
    it('names the file and lists the allowed values for an invalid difficulty', () => {
      editMeta(SCALE, (meta) => (meta.difficulty = 'impossible'));
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/meta.json: difficulty must be one of easy|medium|hard`]);
    });

    it('names a missing required field', () => {
      editMeta(SCALE, (meta) => delete meta.title);
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/meta.json: title is required`]);
    });

    it('names an unknown field', () => {
      editMeta(SCALE, (meta) => (meta.author = 'someone'));
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/meta.json: author is not a known field`]);
    });

    it('names several unknown fields at once', () => {
      editMeta(SCALE, (meta) => {
        meta.author = 'someone';
        meta.tags = [];
      });
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/meta.json: author, tags are not known fields`]);
    });

    it('names an unknown grader setting with its full path', () => {
      editMeta(SCALE, (meta) => (meta.grader = { timeout: 500 }));
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/meta.json: grader.timeout is not a known field`]);
    });

    it('names a field of the wrong type or out of range, with its path', () => {
      editMeta(SCALE, (meta) => {
        meta.minutes = '20';
        meta.grader = { timeoutMs: 50 };
        meta.uuid = 'not-a-uuid';
        meta.skills = ['Not Kebab'];
      });
      const problems = problemsOf(exercisesRoot);
      expect(problems).toHaveLength(4);
      expect(problems).toContain(`${SCALE}/meta.json: uuid must be a UUID (stable forever: progress rows key on it)`);
      expect(problems).toContain(`${SCALE}/meta.json: skills.0 must be kebab-case (a-z, 0-9 and dashes)`);
      expect(problems.find((p) => p.startsWith(`${SCALE}/meta.json: minutes `))).toMatch(/expected number, received string/);
      expect(problems.find((p) => p.startsWith(`${SCALE}/meta.json: grader.timeoutMs `))).toMatch(/>=100/);
    });

    it('reports meta.json that is not valid JSON', () => {
      write(`${SCALE}/meta.json`, '{ "uuid": "x", }');
      const problems = problemsOf(exercisesRoot);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^${SCALE}/meta\\.json: is not valid JSON \\(.+\\)$`));
    });

    it('reports a track that does not match the folder', () => {
      editMeta(SCALE, (meta) => (meta.track = 'model-selection'));
      expect(problemsOf(exercisesRoot)).toContain(`${SCALE}/meta.json: track is "model-selection" but the folder is under feature-engineering/`);
    });

    it('reports a slug that does not match the folder', () => {
      editMeta(SCALE, (meta) => (meta.slug = 'scale-with-leakage'));
      expect(problemsOf(exercisesRoot)).toContain(`${SCALE}/meta.json: slug is "scale-with-leakage" but the folder is named scale-without-leakage`);
    });
  });

  describe('required files', () => {
    it.each(['meta.json', 'prompt.md', 'starter.ts', '.meta/solution.ts', '.meta/tests.ts', '.meta/explanation.md'])('reports a missing %s', (name) => {
      fs.rmSync(file(`${SCALE}/${name}`));
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/${name}: file is missing`]);
    });

    it('lists every missing file of one exercise', () => {
      fs.rmSync(file(`${SCALE}/prompt.md`));
      fs.rmSync(file(`${SCALE}/.meta`), { recursive: true });
      expect(problemsOf(exercisesRoot)).toEqual([
        `${SCALE}/prompt.md: file is missing`,
        `${SCALE}/.meta/solution.ts: file is missing`,
        `${SCALE}/.meta/tests.ts: file is missing`,
        `${SCALE}/.meta/explanation.md: file is missing`,
      ]);
    });
  });

  describe('mutants', () => {
    it('asks for at least one mutant when there is none', () => {
      fs.rmSync(file(`${SCALE}/.meta/mutants`), { recursive: true });
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/.meta/mutants/: needs at least one known-wrong solution`]);
    });

    it('counts only .ts files as mutants', () => {
      fs.rmSync(file(`${SCALE}/.meta/mutants/fit-on-all.ts`));
      write(`${SCALE}/.meta/mutants/fit-on-all.js`, '// mistake: m\n// expect: e\n');
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/.meta/mutants/: needs at least one known-wrong solution`]);
    });

    it('reports a mutant without a "// mistake:" header', () => {
      write(`${SCALE}/.meta/mutants/fit-on-all.ts`, '// expect: training columns\nexport const x = 2;\n');
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/.meta/mutants/fit-on-all.ts: must start with a "// mistake: ..." comment line`]);
    });

    it('reports a mutant without a "// expect:" header', () => {
      write(`${SCALE}/.meta/mutants/fit-on-all.ts`, '// mistake: fits on all rows\nexport const x = 2;\n');
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/.meta/mutants/fit-on-all.ts: must start with an "// expect: <message fragment>" comment line`]);
    });

    it('does not read headers that come after code', () => {
      write(`${SCALE}/.meta/mutants/fit-on-all.ts`, 'export const x = 2;\n// mistake: fits on all rows\n// expect: training columns\n');
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/.meta/mutants/fit-on-all.ts: must start with a "// mistake: ..." comment line`]);
    });
  });

  describe('data files', () => {
    it('rejects a data file with another extension', () => {
      write(`${SCALE}/data/notes.txt`, 'hello');
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/data/notes.txt: data files must be .csv or .json`]);
    });

    it('rejects a data file over 2 MiB and accepts one of exactly 2 MiB', () => {
      write(`${SCALE}/data/big.csv`, Buffer.alloc(MAX_DATA_FILE_BYTES + 1, 'a'));
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/data/big.csv: is ${MAX_DATA_FILE_BYTES + 1} bytes; data files may be at most ${MAX_DATA_FILE_BYTES} bytes (2 MiB); keep a sample in the repo or generate it in .meta/build-data.ts`]);

      write(`${SCALE}/data/big.csv`, Buffer.alloc(MAX_DATA_FILE_BYTES, 'a'));
      const scale = loadCatalogOrThrow(exercisesRoot).find((e) => e.meta.slug === 'scale-without-leakage');
      expect(scale?.dataFiles.find((d) => d.name === 'big.csv')?.bytes).toBe(MAX_DATA_FILE_BYTES);
    });
  });

  describe('across the catalog', () => {
    it('reports a uuid used by two exercises, naming both', () => {
      editMeta(SKEW, (meta) => (meta.uuid = SCALE_UUID));
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/meta.json: uuid ${SCALE_UUID} is already used by ${SKEW}`]);
    });

    it('reports a slug used in two tracks, on both exercises', () => {
      const copy = 'exercises/model-selection/scale-without-leakage';
      fs.cpSync(file(SCALE), file(copy), { recursive: true });
      editMeta(copy, (meta) => {
        meta.track = 'model-selection';
        meta.uuid = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
      });
      expect(problemsOf(exercisesRoot)).toEqual([
        `${SCALE}/meta.json: slug "scale-without-leakage" is used in more than one track; slugs must be unique`,
        `${copy}/meta.json: slug "scale-without-leakage" is used in more than one track; slugs must be unique`,
      ]);
    });

    it('reports a prerequisite that is not an exercise', () => {
      editMeta(SKEW, (meta) => (meta.prerequisites = ['scale-without-leakage', 'no-such-exercise']));
      expect(problemsOf(exercisesRoot)).toEqual([`${SKEW}/meta.json: prerequisites names "no-such-exercise", which is not an exercise`]);
    });

    it('reports a broken prerequisite in its own folder only, not as a missing exercise', () => {
      fs.rmSync(file(`${SCALE}/starter.ts`));
      expect(problemsOf(exercisesRoot)).toEqual([`${SCALE}/starter.ts: file is missing`]);
    });

    it('reports a folder that is not a track', () => {
      write('exercises/computer-vision/detect-cats/meta.json', '{}');
      expect(problemsOf(exercisesRoot)).toEqual([`exercises/computer-vision/: unknown track (expected one of ${TRACKS.join('|')})`]);
    });

    it('ignores hidden folders and loose files next to the tracks', () => {
      write('exercises/README.md', '# Exercises\n');
      write('exercises/.drafts/anything/meta.json', '{');
      write('exercises/feature-engineering/.wip/meta.json', '{');
      expect(loadCatalogOrThrow(exercisesRoot)).toHaveLength(2);
    });

    it('reports a missing exercises folder', () => {
      const missing = path.join(project.root, 'no-exercises-here');
      expect(problemsOf(missing)).toEqual([
        'no-exercises-here: the exercises folder is missing; run the app from the project folder (the one with package.json and exercises/)',
      ]);
    });

    it('reports an exercises path that is a file, not a folder', () => {
      write('not-a-folder', 'x');
      expect(problemsOf(path.join(project.root, 'not-a-folder'))[0]).toMatch(/^not-a-folder: the exercises folder is missing/);
    });

    it('reports an exercise that lists itself as a prerequisite', () => {
      editMeta(SKEW, (meta) => (meta.prerequisites = [String(meta.slug)]));
      expect(problemsOf(exercisesRoot)).toEqual([`${SKEW}/meta.json: prerequisites names the exercise itself`]);
    });

    it('reports prerequisites that form a cycle, naming the chain', () => {
      const [scaleSlug, skewSlug] = [SCALE, SKEW].map((dir) => path.basename(dir));
      editMeta(SKEW, (meta) => (meta.prerequisites = [scaleSlug!]));
      editMeta(SCALE, (meta) => (meta.prerequisites = [skewSlug!]));
      const problems = problemsOf(exercisesRoot);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^prerequisites form a cycle \(([a-z-]+) → ([a-z-]+) → \1\): an exercise cannot come after itself/);
      expect(problems[0]).toContain(scaleSlug);
      expect(problems[0]).toContain(skewSlug);
    });

    it('skips the model zoo folder, which is not a track', () => {
      write('exercises/zoo/tabular-small/model.json', '{}');
      expect(() => loadCatalogOrThrow(exercisesRoot)).not.toThrow();
    });

    it('ignores hidden files in data/', () => {
      write(`${SCALE}/data/.DS_Store`, 'x');
      expect(() => loadCatalogOrThrow(exercisesRoot)).not.toThrow();
    });
  });

  it('lists every problem of every exercise at once and returns nothing', () => {
    editMeta(SCALE, (meta) => {
      meta.difficulty = 'trivial';
      meta.author = 'someone';
      delete meta.blurb;
    });
    fs.rmSync(file(`${SKEW}/prompt.md`));
    write('exercises/computer-vision/detect-cats/meta.json', '{}');
    write('exercises/model-selection/pick-a-model/meta.json', 'not json');

    const problems = problemsOf(exercisesRoot);
    expect(problems.sort()).toEqual(
      [
        `exercises/computer-vision/: unknown track (expected one of ${TRACKS.join('|')})`,
        `${SKEW}/prompt.md: file is missing`,
        `${SCALE}/meta.json: blurb is required`,
        `${SCALE}/meta.json: difficulty must be one of easy|medium|hard`,
        `${SCALE}/meta.json: author is not a known field`,
        'exercises/model-selection/pick-a-model/prompt.md: file is missing',
        'exercises/model-selection/pick-a-model/starter.ts: file is missing',
        'exercises/model-selection/pick-a-model/.meta/solution.ts: file is missing',
        'exercises/model-selection/pick-a-model/.meta/tests.ts: file is missing',
        'exercises/model-selection/pick-a-model/.meta/explanation.md: file is missing',
      ].sort(),
    );
  });

  it('rejects the whole catalog when only one exercise is broken', () => {
    fs.rmSync(file(`${SKEW}/.meta/tests.ts`));
    expect(() => loadCatalogOrThrow(exercisesRoot)).toThrow(CatalogError);
  });
});
