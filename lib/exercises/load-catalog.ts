import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { describeZodIssues, metaSchema, TRACKS, type ExerciseMeta, type Track } from './meta-schema';
import { parseMutantHeader } from './parse-mutant';
import { findPrerequisiteCycle } from './prerequisite-order';

export const DATA_EXTENSIONS = ['.csv', '.json'] as const;
/** `exercises/zoo/`: the pretrained models exercises use (see its README), not a track. */
export const MODEL_ZOO_DIR = 'zoo';
const MAX_DATA_FILE_BYTES = 2 * 1024 * 1024;

export interface DataFile {
  name: string;
  file: string;
  bytes: number;
}

export interface Mutant {
  name: string;
  file: string;
  mistake: string;
  expect: string;
}

/** Everything about one exercise the server knows. `.meta/` paths never go to a browser. */
export interface Exercise {
  meta: ExerciseMeta;
  /** Folder relative to the project, e.g. `exercises/feature-engineering/scale-without-leakage`. */
  relDir: string;
  dir: string;
  prompt: string;
  starter: string;
  dataFiles: DataFile[];
  solutionFile: string;
  testsFile: string;
  explanationFile: string;
  mutants: Mutant[];
}

/** The catalog could not be loaded; `problems` has one line per file and field. */
export class CatalogError extends AppError {
  override name = 'CatalogError';
  constructor(readonly problems: string[]) {
    super('catalog_invalid', `The exercise catalog is invalid:\n  ${problems.join('\n  ')}`, { problems });
  }
}

function listDirs(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

function readJson(file: string, rel: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${rel}: is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

function loadExercise(root: string, track: string, slug: string, problems: string[]): Exercise | undefined {
  const dir = path.join(root, track, slug);
  const relDir = path.relative(process.cwd(), dir) || dir;
  const rel = (name: string) => `${relDir}/${name}`;
  const before = problems.length;

  const required = ['meta.json', 'prompt.md', 'starter.ts', '.meta/solution.ts', '.meta/tests.ts', '.meta/explanation.md'];
  for (const name of required) {
    // The catalog is read from disk at run time, not bundled: keep the build from tracing the project.
    if (!fs.existsSync(path.join(/*turbopackIgnore: true*/ dir, name))) problems.push(`${rel(name)}: file is missing`);
  }
  if (problems.length > before) return undefined;

  const raw = readJson(path.join(dir, 'meta.json'), rel('meta.json'), problems);
  if (raw === undefined) return undefined;
  // reportInput: without it zod leaves `input` off every issue, and a wrong type would read as "is required".
  const parsed = metaSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const line of describeZodIssues(parsed.error)) problems.push(`${rel('meta.json')}: ${line}`);
    return undefined;
  }
  const meta = parsed.data;
  if (meta.track !== track) problems.push(`${rel('meta.json')}: track is "${meta.track}" but the folder is under ${track}/`);
  if (meta.slug !== slug) problems.push(`${rel('meta.json')}: slug is "${meta.slug}" but the folder is named ${slug}`);

  const dataFiles: DataFile[] = [];
  const dataDir = path.join(dir, 'data');
  if (fs.existsSync(dataDir)) {
    // Hidden files (.DS_Store and the like) are not data.
    for (const name of fs.readdirSync(dataDir).filter((n) => !n.startsWith('.')).sort()) {
      const file = path.join(dataDir, name);
      const bytes = fs.statSync(file).size;
      if (!DATA_EXTENSIONS.some((ext) => name.endsWith(ext))) {
        problems.push(`${rel(`data/${name}`)}: data files must be ${DATA_EXTENSIONS.join(' or ')}`);
      } else if (bytes > MAX_DATA_FILE_BYTES) {
        problems.push(`${rel(`data/${name}`)}: is ${bytes} bytes; data files may be at most ${MAX_DATA_FILE_BYTES} bytes (2 MiB); keep a sample in the repo or generate it in .meta/build-data.ts`);
      } else {
        dataFiles.push({ name, file, bytes });
      }
    }
  }

  const mutants: Mutant[] = [];
  const mutantsDir = path.join(dir, '.meta', 'mutants');
  const mutantNames = fs.existsSync(mutantsDir) ? fs.readdirSync(mutantsDir).filter((n) => n.endsWith('.ts')).sort() : [];
  if (mutantNames.length === 0) problems.push(`${rel('.meta/mutants/')}: needs at least one known-wrong solution`);
  for (const name of mutantNames) {
    const file = path.join(mutantsDir, name);
    const header = parseMutantHeader(fs.readFileSync(file, 'utf8'));
    if ('problem' in header) problems.push(`${rel(`.meta/mutants/${name}`)}: ${header.problem}`);
    else mutants.push({ name: name.replace(/\.ts$/, ''), file, ...header });
  }

  if (problems.length > before) return undefined;
  return {
    meta,
    relDir,
    dir,
    prompt: fs.readFileSync(path.join(dir, 'prompt.md'), 'utf8'),
    starter: fs.readFileSync(path.join(dir, 'starter.ts'), 'utf8'),
    dataFiles,
    solutionFile: path.join(dir, '.meta', 'solution.ts'),
    testsFile: path.join(dir, '.meta', 'tests.ts'),
    explanationFile: path.join(dir, '.meta', 'explanation.md'),
    mutants,
  };
}

/**
 * Reads and validates every exercise under `root` (`exercises/<track>/<slug>/`).
 * Throws CatalogError listing every problem: never returns a half-loaded catalog.
 */
export function loadCatalogOrThrow(rootDir: string): Exercise[] {
  const root = path.resolve(rootDir);
  const problems: string[] = [];
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new CatalogError([`${path.relative(process.cwd(), root) || root}: the exercises folder is missing; run the app from the project folder (the one with package.json and exercises/)`]);
  }
  const exercises: Exercise[] = [];
  // Every exercise folder, loaded or not: a broken prerequisite is reported once, in its own folder.
  const folderSlugs = new Set<string>();
  for (const track of listDirs(root)) {
    if (track === MODEL_ZOO_DIR) continue;
    if (!(TRACKS as readonly string[]).includes(track)) {
      problems.push(`${path.relative(process.cwd(), path.join(root, track))}/: unknown track (expected one of ${TRACKS.join('|')})`);
      continue;
    }
    for (const slug of listDirs(path.join(root, track))) {
      folderSlugs.add(slug);
      const exercise = loadExercise(root, track as Track, slug, problems);
      if (exercise) exercises.push(exercise);
    }
  }

  const seen = new Map<string, string>();
  for (const exercise of exercises) {
    const where = `${exercise.relDir}/meta.json`;
    const other = seen.get(exercise.meta.uuid);
    if (other) problems.push(`${where}: uuid ${exercise.meta.uuid} is already used by ${other}`);
    seen.set(exercise.meta.uuid, exercise.relDir);
    if (exercises.filter((e) => e.meta.slug === exercise.meta.slug).length > 1) {
      problems.push(`${where}: slug "${exercise.meta.slug}" is used in more than one track; slugs must be unique`);
    }
    for (const prerequisite of exercise.meta.prerequisites) {
      if (prerequisite === exercise.meta.slug) problems.push(`${where}: prerequisites names the exercise itself`);
      else if (!folderSlugs.has(prerequisite)) problems.push(`${where}: prerequisites names "${prerequisite}", which is not an exercise`);
    }
  }
  // An exercise naming itself is reported above.
  const cycle = findPrerequisiteCycle(exercises.map(({ meta }) => ({ slug: meta.slug, prerequisites: meta.prerequisites.filter((p) => p !== meta.slug) })));
  if (cycle) problems.push(`prerequisites form a cycle (${cycle.join(' → ')}): an exercise cannot come after itself; remove one of these prerequisites`);
  if (problems.length > 0) throw new CatalogError([...new Set(problems)]);
  return exercises;
}

/**
 * Reads and validates one exercise, `<root>/<track>/<slug>/`, on its own (for `exercises:verify
 * --only`, so other folders being written do not get in the way). Checks that need the whole
 * catalog (unique uuids, prerequisites) are left to loadCatalogOrThrow.
 */
export function loadExerciseOrThrow(rootDir: string, slug: string): Exercise {
  const root = path.resolve(rootDir);
  const track = TRACKS.find((t) => fs.existsSync(path.join(root, t, slug)));
  if (!track) throw new CatalogError([`${path.relative(process.cwd(), root) || root}: no exercise folder named ${slug} under ${TRACKS.join(', ')}`]);
  const problems: string[] = [];
  const exercise = loadExercise(root, track, slug, problems);
  if (!exercise || problems.length > 0) throw new CatalogError(problems);
  return exercise;
}
