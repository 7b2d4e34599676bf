import { skillLabel } from '@/lib/exercises/track-info';
import type { GradeMode, SubmissionStatus, TestResult } from '@/lib/grading/result';
import type { CatalogEntry } from '@/lib/progress/exercise-history';
import { isAnswerCorrect, type Answer } from './grade-answer';
import type { Question } from './question-schema';

/** One graded attempt made in the mock. */
export interface MockAttempt {
  exerciseId: string;
  mode: GradeMode;
  status: SubmissionStatus;
  tests: TestResult[];
  createdAt: Date;
  autoSubmitted: boolean;
}

export interface ReportInput {
  startedAt: Date;
  deadlineAt: Date;
  exercises: CatalogEntry[];
  attempts: MockAttempt[];
  questions: { exerciseId: string; question: Question; answer: Answer | null }[];
  /** The whole catalog and what the user has solved, for "practise next". */
  catalog: CatalogEntry[];
  solved: ReadonlySet<string>;
}

/** `not-submitted`: no Submit reached the grader (runs grade only the visible tests). */
export type ExerciseVerdict = SubmissionStatus | 'not-submitted';

export interface ExerciseOutcome {
  exercise: CatalogEntry;
  verdict: ExerciseVerdict;
  passed: boolean;
  /** Of the deciding submit: every test, and the hidden ones by name and status only. */
  tests: { passed: number; total: number };
  hiddenTests: { name: string; passed: boolean }[];
  /** From the start of the mock to the deciding submit (at most the mock's length); null when none. */
  timeUsedMs: number | null;
  runs: number;
  submits: number;
  /** The deciding submit was the draft the mock submitted when time ran out. */
  autoSubmitted: boolean;
}

export interface QuestionOutcome {
  exerciseId: string;
  question: Question;
  answer: Answer | null;
  correct: boolean;
}

export interface SkillTally {
  skill: string;
  label: string;
  held: number;
  broke: number;
}

export interface PractiseNext {
  exercise: CatalogEntry;
  reason: string;
}

export interface InterviewReportData {
  /** 0..1: see SCORE_WEIGHTS. */
  score: number;
  exercises: ExerciseOutcome[];
  questions: QuestionOutcome[];
  skillsHeld: SkillTally[];
  skillsBroke: SkillTally[];
  practiseNext: PractiseNext[];
}

/**
 * The score: exercises count 70 %, questions 30 % (exercises 100 % when a mock has no
 * questions). An exercise earns the share of its tests its deciding submit passed (1 when it
 * passed); a question 1 when right.
 */
export const SCORE_WEIGHTS = { exercises: 0.7, questions: 0.3 } as const;
const PRACTISE_NEXT_LIMIT = 4;

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** The submit that decides an exercise: its first passing one, else its latest. */
function decidingSubmit(attempts: MockAttempt[]): MockAttempt | undefined {
  const submits = attempts.filter((a) => a.mode === 'submit').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return submits.find((a) => a.status === 'pass') ?? submits.at(-1);
}

function exerciseOutcome(exercise: CatalogEntry, attempts: MockAttempt[], input: ReportInput): ExerciseOutcome {
  const mine = attempts.filter((a) => a.exerciseId === exercise.id);
  const deciding = decidingSubmit(mine);
  const length = input.deadlineAt.getTime() - input.startedAt.getTime();
  return {
    exercise,
    verdict: deciding?.status ?? 'not-submitted',
    passed: deciding?.status === 'pass',
    tests: { passed: deciding?.tests.filter((t) => t.status === 'pass').length ?? 0, total: deciding?.tests.length ?? 0 },
    hiddenTests: (deciding?.tests ?? []).filter((t) => !t.visible).map((t) => ({ name: t.name, passed: t.status === 'pass' })),
    timeUsedMs: deciding ? Math.min(length, Math.max(0, deciding.createdAt.getTime() - input.startedAt.getTime())) : null,
    runs: mine.filter((a) => a.mode === 'run').length,
    submits: mine.filter((a) => a.mode === 'submit' && !a.autoSubmitted).length,
    autoSubmitted: deciding?.autoSubmitted ?? false,
  };
}

function exerciseCredit(outcome: ExerciseOutcome): number {
  if (outcome.passed) return 1;
  return outcome.tests.total > 0 ? outcome.tests.passed / outcome.tests.total : 0;
}

/** Each skill with how often it held (exercise passed, question right) and broke. */
function tallySkills(exercises: ExerciseOutcome[], questions: QuestionOutcome[]): SkillTally[] {
  const tally = new Map<string, SkillTally>();
  const count = (skills: string[], held: boolean) => {
    for (const skill of skills) {
      const entry = tally.get(skill) ?? { skill, label: skillLabel(skill), held: 0, broke: 0 };
      if (held) entry.held += 1;
      else entry.broke += 1;
      tally.set(skill, entry);
    }
  };
  for (const outcome of exercises) count(outcome.exercise.skills, outcome.passed);
  for (const outcome of questions) count(outcome.question.skills, outcome.correct);
  return [...tally.values()];
}

/** Exercises failed here first, then for each broken skill the shortest unsolved exercise outside the mock. */
function practiseNext(exercises: ExerciseOutcome[], broke: SkillTally[], input: ReportInput): PractiseNext[] {
  const next: PractiseNext[] = exercises
    .filter((o) => !o.passed)
    .map((o) => ({ exercise: o.exercise, reason: 'You did not pass it in this mock: try it again with hints at hand.' }));
  const inMock = new Set(input.exercises.map((e) => e.id));
  for (const tally of broke) {
    if (next.length >= PRACTISE_NEXT_LIMIT) break;
    const candidate = input.catalog
      .filter((e) => !inMock.has(e.id) && !input.solved.has(e.id) && e.skills.includes(tally.skill) && !next.some((n) => n.exercise.id === e.id))
      .sort((a, b) => a.minutes - b.minutes || a.title.localeCompare(b.title))[0];
    if (candidate) next.push({ exercise: candidate, reason: `It trains ${tally.label}, which broke in this mock.` });
  }
  return next.slice(0, PRACTISE_NEXT_LIMIT);
}

/** Everything the report says, from the mock's own attempts and answers. */
export function computeReport(input: ReportInput): InterviewReportData {
  const exercises = input.exercises.map((e) => exerciseOutcome(e, input.attempts, input));
  const questions = input.questions.map(({ exerciseId, question, answer }) => ({ exerciseId, question, answer, correct: isAnswerCorrect(question, answer) }));
  const exerciseScore = mean(exercises.map(exerciseCredit));
  const score =
    questions.length === 0 ? exerciseScore : SCORE_WEIGHTS.exercises * exerciseScore + SCORE_WEIGHTS.questions * mean(questions.map((q) => (q.correct ? 1 : 0)));
  const skills = tallySkills(exercises, questions);
  const skillsBroke = skills.filter((s) => s.broke > 0).sort((a, b) => b.broke - a.broke || a.held - b.held || a.skill.localeCompare(b.skill));
  const skillsHeld = skills.filter((s) => s.broke === 0).sort((a, b) => b.held - a.held || a.skill.localeCompare(b.skill));
  return { score, exercises, questions, skillsHeld, skillsBroke, practiseNext: practiseNext(exercises, skillsBroke, input) };
}
