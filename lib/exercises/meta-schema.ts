import { z } from 'zod';

export const TRACKS = ['model-selection', 'feature-engineering', 'deployment-debugging'] as const;
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;

export type Track = (typeof TRACKS)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and dashes)');
const identifier = z.string().regex(/^[A-Za-z_$][\w$]*$/, 'must be a JavaScript identifier');

/** `meta.json` of one exercise: public metadata plus grader settings. */
export const metaSchema = z
  .object({
    uuid: z.uuid('must be a UUID (stable forever: progress rows key on it)'),
    slug: kebab,
    title: z.string().min(3).max(90),
    blurb: z.string().min(10).max(240),
    track: z.enum(TRACKS),
    difficulty: z.enum(DIFFICULTIES),
    skills: z.array(kebab).min(1).max(8),
    minutes: z.number().int().min(1).max(240),
    prerequisites: z.array(kebab).default([]),
    hints: z.array(z.string().min(5)).min(1).max(6),
    /**
     * The rules the prompt states (its "Rules" section), one line each. Every test names the rules
     * it checks, and every rule needs a hidden test (checked by `exercises:verify`).
     */
    rules: z
      .array(z.object({ id: kebab, text: z.string().min(10).max(300) }).strict())
      .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'must not list a rule id twice')
      .optional(),
    /** Names the submission must export; a missing one is an `error` verdict. */
    exports: z.array(identifier).min(1),
    grader: z
      .object({
        /** Wall-clock budget of each test case. */
        timeoutMs: z.number().int().min(100).max(30_000).default(2_000),
        /** Heap limit of the sandbox the submission runs in. */
        memoryMb: z.number().int().min(32).max(512).default(128),
        /** Default absolute tolerance for numeric comparisons. */
        tolerance: z.number().positive().max(1).default(1e-6),
      })
      .strict()
      .default({ timeoutMs: 2_000, memoryMb: 128, tolerance: 1e-6 }),
  })
  .strict();

export type ExerciseMeta = z.infer<typeof metaSchema>;

/** One line per problem: `field must ...`, naming the field the way the file spells it. */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    if (issue.code === 'invalid_value') {
      return `${field} must be one of ${issue.values.map(String).join('|')}`;
    }
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (issue.path.length > 0 ? `${field}.${key}` : key));
      return `${keys.join(', ')} ${keys.length > 1 ? 'are not known fields' : 'is not a known field'}`;
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return `${field} is required`;
    }
    return `${field} ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
  });
}
