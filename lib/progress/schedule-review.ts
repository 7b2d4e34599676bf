import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';
import type { ExerciseHistory } from './exercise-history';
import { toLocalDay } from './local-day';

/**
 * The review scheduler: FSRS with its default weights and 90 % target retention, no fuzz (so a
 * schedule replayed from the same history is always the same) and at most a year between
 * reviews. Learning steps are in hours, not minutes (an exercise is not a flash card): a first
 * solve comes back the next day (12 h when it was hard-won), a failed review a day later.
 */
export const reviewScheduler = fsrs({
  enable_fuzz: false,
  enable_short_term: true,
  learning_steps: ['12h', '1d'],
  relearning_steps: ['1d'],
  maximum_interval: 365,
});

export type ReviewKind = 'first-solve' | 'review';

export interface ReviewLogEntry {
  at: Date;
  kind: ReviewKind;
  rating: 'again' | 'hard' | 'good';
  submissionId: string;
}

export interface ReviewState {
  due: Date;
  /** The local day the review falls due: it is due from that day's midnight on. */
  dueDay: string;
  card: Card;
  log: ReviewLogEntry[];
  lapses: number;
  /** Probability of still solving it now, per FSRS's forgetting curve (0..1). */
  retrievability: number;
}

const RATING_NAME = { [Rating.Again]: 'again', [Rating.Hard]: 'hard', [Rating.Good]: 'good' } as const;
type UsedGrade = Rating.Again | Rating.Hard | Rating.Good;

/** Failed submits before the first pass from which the first solve counts as hard-won. */
export const HARD_SOLVE_FAILURES = 3;

/**
 * Replays an exercise's history through FSRS. The first passing submit is the first review
 * (good; hard after hints or several failed submits; again when the solution was revealed
 * first). After that, the first submit at or after each due time is a review: a pass is good
 * (hard when hints were revealed since the last review), anything else is again. Due times count
 * by the user's calendar day: a review due at 18:00 is due from that day's midnight. Submits
 * before then are practice and do not move the schedule; runs never do.
 * Returns null until the exercise is solved.
 */
export function scheduleReview(history: ExerciseHistory, now: Date, timeZone: string): ReviewState | null {
  const replay = replayCached(history, timeZone);
  if (!replay) return null;
  const { card } = replay;
  const retrievability = card.state === State.New ? 0 : reviewScheduler.get_retrievability(card, now, false);
  return { ...replay, due: card.due, lapses: card.lapses, retrievability: Math.max(0, Math.min(1, retrievability)) };
}

type Replay = { card: Card; dueDay: string; log: ReviewLogEntry[] };

/**
 * Replays are kept per history fingerprint (histories only grow: a new attempt, hint or reveal
 * changes the key), so a dashboard view replays only exercises that changed since the last one.
 */
const replays = new Map<string, Replay | null>();
const MAX_REPLAYS = 5_000;

function fingerprint(history: ExerciseHistory, timeZone: string): string {
  const first = history.attempts[0];
  const last = history.attempts.at(-1);
  return [
    history.exerciseId,
    timeZone,
    history.attempts.length,
    first?.id,
    last?.id,
    last?.at.getTime(),
    last?.status,
    history.hintsRevealedAt.length,
    history.hintsRevealedAt.at(-1)?.getTime(),
    history.solutionRevealedAt?.getTime(),
  ].join('|');
}

function replayCached(history: ExerciseHistory, timeZone: string): Replay | null {
  if (history.attempts.length === 0) return null;
  const key = fingerprint(history, timeZone);
  const hit = replays.get(key);
  if (hit !== undefined) return hit;
  const replay = replayHistory(history, timeZone);
  if (replays.size >= MAX_REPLAYS) replays.delete(replays.keys().next().value!);
  replays.set(key, replay);
  return replay;
}

function replayHistory(history: ExerciseHistory, timeZone: string): Replay | null {
  const submits = history.attempts.filter((attempt) => attempt.mode === 'submit');
  const firstPass = submits.findIndex((attempt) => attempt.status === 'pass');
  if (firstPass < 0) return null;
  const solvedAt = submits[firstPass]!.at;
  const failures = submits.slice(0, firstPass).length;
  const hintsBefore = history.hintsRevealedAt.filter((at) => at <= solvedAt).length;
  const revealedBefore = history.solutionRevealedAt !== null && history.solutionRevealedAt <= solvedAt;

  let rating: UsedGrade = Rating.Good;
  if (revealedBefore) rating = Rating.Again;
  else if (hintsBefore > 0 || failures >= HARD_SOLVE_FAILURES) rating = Rating.Hard;

  let card = reviewScheduler.next(createEmptyCard(solvedAt), solvedAt, rating as Grade).card;
  const log: ReviewLogEntry[] = [{ at: solvedAt, kind: 'first-solve', rating: RATING_NAME[rating], submissionId: submits[firstPass]!.id }];
  let lastReview = solvedAt;

  let dueDay = toLocalDay(card.due, timeZone);
  for (const attempt of submits.slice(firstPass + 1)) {
    if (toLocalDay(attempt.at, timeZone) < dueDay) continue;
    const hintsSince = history.hintsRevealedAt.some((at) => at > lastReview && at <= attempt.at);
    const grade: UsedGrade = attempt.status !== 'pass' ? Rating.Again : hintsSince ? Rating.Hard : Rating.Good;
    card = reviewScheduler.next(card, attempt.at, grade as Grade).card;
    dueDay = toLocalDay(card.due, timeZone);
    log.push({ at: attempt.at, kind: 'review', rating: RATING_NAME[grade], submissionId: attempt.id });
    lastReview = attempt.at;
  }

  return { card, dueDay, log };
}
