import { describe, expect, it } from 'vitest';
import { computeReport, SCORE_WEIGHTS, type MockAttempt, type ReportInput } from '@/lib/interview/compute-report';
import type { TestResult } from '@/lib/grading/result';
import type { Question } from '@/lib/interview/question-schema';
import type { CatalogEntry } from '@/lib/progress/exercise-history';
import { fixtureQuestions } from '@/test/helpers/write-fixture-questions';

const entry = (id: string, skills: string[], minutes = 20): CatalogEntry => ({
  id,
  slug: id,
  title: `Exercise ${id}`,
  track: 'feature-engineering',
  difficulty: 'easy',
  skills,
  prerequisites: [],
  minutes,
  url: `/exercises/feature-engineering/${id}`,
});

const A = entry('a', ['scaling', 'leakage']);
const B = entry('b', ['joins']);
const C = entry('c', ['drift']);
const OTHER_JOINS_LONG = entry('joins-long', ['joins'], 40);
const OTHER_JOINS_SHORT = entry('joins-short', ['joins'], 15);
const OTHER_SOLVED = entry('joins-solved', ['joins'], 5);

const START = new Date('2026-01-01T09:00:00Z');
const min = (n: number) => new Date(START.getTime() + n * 60_000);
const test = (name: string, visible: boolean, pass: boolean): TestResult => ({
  id: name,
  name,
  visible,
  status: pass ? 'pass' : 'fail',
  message: pass ? undefined : `SECRET_DATA expected 3 got 4 for ${name}`,
  output: '',
  durationMs: 1,
});
const attempt = (exerciseId: string, mode: 'run' | 'submit', at: number, tests: TestResult[], autoSubmitted = false): MockAttempt => ({
  exerciseId,
  mode,
  status: tests.every((t) => t.status === 'pass') ? 'pass' : 'fail',
  tests,
  createdAt: min(at),
  autoSubmitted,
});

const [single, multiple, number] = fixtureQuestions(['scaling', 'leakage']).questions as [Question, Question, Question];
const joinsQuestion = { ...single, id: 'joins-q', skills: ['joins'] } as Question;

function input(): ReportInput {
  return {
    startedAt: START,
    deadlineAt: min(45),
    exercises: [A, B, C],
    attempts: [
      attempt('a', 'run', 3, [test('v1', true, false)]),
      attempt('a', 'submit', 5, [test('v1', true, true), test('h1', false, false), test('h2', false, true)]),
      attempt('a', 'submit', 12, [test('v1', true, true), test('h1', false, true), test('h2', false, true)]),
      // A later failing submit does not undo the pass.
      attempt('a', 'submit', 20, [test('v1', true, false), test('h1', false, false), test('h2', false, false)]),
      attempt('b', 'submit', 30, [test('bv', true, true), test('bh', false, false)]),
      attempt('b', 'submit', 46, [test('bv', true, true), test('bh', false, false), test('bh2', false, true)], true),
      attempt('c', 'run', 40, [test('cv', true, true)]),
      attempt('c', 'run', 41, [test('cv', true, true)]),
    ],
    questions: [
      { exerciseId: 'a', question: single, answer: 1 },
      { exerciseId: 'a', question: multiple, answer: [0] },
      { exerciseId: 'a', question: number, answer: null },
      { exerciseId: 'b', question: joinsQuestion, answer: 1 },
    ],
    catalog: [A, B, C, OTHER_JOINS_LONG, OTHER_JOINS_SHORT, OTHER_SOLVED],
    solved: new Set(['joins-solved']),
  };
}

describe('computeReport', () => {
  const report = computeReport(input());
  const [a, b, c] = report.exercises as [(typeof report.exercises)[number], (typeof report.exercises)[number], (typeof report.exercises)[number]];

  it('judges each exercise by its first passing submit, else its latest (the auto-submitted draft included)', () => {
    expect([a.verdict, b.verdict, c.verdict]).toEqual(['pass', 'fail', 'not-submitted']);
    expect(a.tests).toEqual({ passed: 3, total: 3 });
    expect(b.tests).toEqual({ passed: 2, total: 3 });
    expect(b.autoSubmitted).toBe(true);
    expect(a.autoSubmitted).toBe(false);
  });

  it('lists hidden tests by name and outcome only, never their data', () => {
    expect(a.hiddenTests).toEqual([
      { name: 'h1', passed: true },
      { name: 'h2', passed: true },
    ]);
    expect(b.hiddenTests).toEqual([
      { name: 'bh', passed: false },
      { name: 'bh2', passed: true },
    ]);
    expect(JSON.stringify(report)).not.toContain('SECRET_DATA');
  });

  it('counts time to the deciding submit (at most the mock’s length), and the learner’s own runs and submits', () => {
    expect([a.timeUsedMs, b.timeUsedMs, c.timeUsedMs]).toEqual([12 * 60_000, 45 * 60_000, null]);
    expect([a.runs, a.submits]).toEqual([1, 3]);
    expect([b.runs, b.submits]).toEqual([0, 1]);
    expect([c.runs, c.submits]).toEqual([2, 0]);
  });

  it('grades each question on the server: unanswered counts as wrong', () => {
    expect(report.questions.map((q) => q.correct)).toEqual([true, false, false, true]);
  });

  it('scores exercises 70 % (share of tests passed) and questions 30 %', () => {
    const exercises = (1 + 2 / 3 + 0) / 3;
    expect(report.score).toBeCloseTo(SCORE_WEIGHTS.exercises * exercises + SCORE_WEIGHTS.questions * (2 / 4), 10);
    const noQuestions = computeReport({ ...input(), questions: [] });
    expect(noQuestions.score).toBeCloseTo(exercises, 10);
  });

  it('says which skills held and which broke: most broken first, then the least often held', () => {
    expect(report.skillsBroke.map((s) => [s.skill, s.held, s.broke])).toEqual([
      ['leakage', 1, 2],
      ['drift', 0, 1],
      ['joins', 1, 1],
      ['scaling', 2, 1],
    ]);
    expect(report.skillsHeld).toEqual([]);
    const clean = computeReport({ ...input(), exercises: [A], questions: [{ exerciseId: 'a', question: single, answer: 1 }] });
    expect(clean.skillsHeld.map((s) => [s.skill, s.held])).toEqual([
      ['scaling', 2],
      ['leakage', 1],
    ]);
    expect(clean.skillsBroke).toEqual([]);
  });

  it('recommends the failed exercises again, then the shortest unsolved exercise for each broken skill outside the mock', () => {
    expect(report.practiseNext.map((p) => p.exercise.id)).toEqual(['b', 'c', 'joins-short']);
    expect(report.practiseNext[2]!.reason).toBe('It trains joins, which broke in this mock.');
  });
});
