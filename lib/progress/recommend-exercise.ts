import { DIFFICULTIES, type Difficulty } from '@/lib/exercises/meta-schema';
import { TRACK_INFO, skillLabel } from '@/lib/exercises/track-info';
import type { Mastery } from './compute-mastery';
import type { CatalogEntry } from './exercise-history';
import { prerequisitesSolved } from './prerequisites';
import type { ExerciseProgress } from './summarize-exercise';

export interface Recommendation {
  exercise: CatalogEntry;
  reason: string;
}

/** An unfinished exercise tried within this many days is offered first. */
export const IN_PROGRESS_DAYS = 14;

const article = (difficulty: Difficulty) => (difficulty === 'easy' ? 'an' : 'a');
const level = (difficulty: Difficulty) => DIFFICULTIES.indexOf(difficulty);

/**
 * The next new exercise to try, with the reason in words. In order: an exercise tried lately and
 * not yet solved; else, among unsolved exercises whose prerequisites are solved, the one closest
 * to the next difficulty step of its track (one above the hardest solved there) that trains the
 * weakest skill; ties go to the shorter exercise. Null when everything is solved.
 */
export function recommendExercise(
  catalog: CatalogEntry[],
  progress: ReadonlyMap<string, ExerciseProgress>,
  mastery: Mastery,
  now: Date,
): Recommendation | null {
  const solved = (e: CatalogEntry) => Boolean(progress.get(e.id)?.firstSolvedAt);
  const unsolved = catalog.filter((e) => !solved(e));
  if (unsolved.length === 0) return null;
  const solvedSlugs = new Set(catalog.filter(solved).map((e) => e.slug));
  const ready = unsolved.filter((e) => prerequisitesSolved(e, solvedSlugs));
  const pool = ready.length > 0 ? ready : unsolved;

  const recent = pool
    .map((e) => ({ e, p: progress.get(e.id) }))
    .filter(({ p }) => p && p.submits > 0 && p.lastAttemptAt && now.getTime() - p.lastAttemptAt.getTime() <= IN_PROGRESS_DAYS * 86_400_000)
    .sort((a, b) => b.p!.lastAttemptAt!.getTime() - a.p!.lastAttemptAt!.getTime())[0];
  if (recent) {
    const n = recent.p!.submits;
    return {
      exercise: recent.e,
      reason: `You submitted it ${n === 1 ? 'once' : `${n} times`} without passing yet: pick up where you left off.`,
    };
  }

  const skillMastery = new Map(mastery.skills.map((s) => [s.key, s.mastery]));
  const hardestSolved = new Map<string, number>();
  const solvedCombos = new Set<string>();
  for (const e of catalog.filter(solved)) {
    hardestSolved.set(e.track, Math.max(hardestSolved.get(e.track) ?? -1, level(e.difficulty)));
    for (const skill of e.skills) solvedCombos.add(`${e.track}|${e.difficulty}|${skill}`);
  }
  const weakest = (e: CatalogEntry) => Math.min(...e.skills.map((s) => skillMastery.get(s) ?? 0));
  const score = (e: CatalogEntry) => {
    const target = Math.min(level('hard'), (hardestSolved.get(e.track) ?? -1) + 1);
    const revealed = progress.get(e.id)?.solutionRevealedAt ? 0.5 : 0;
    return 2 * Math.abs(level(e.difficulty) - target) + weakest(e) + revealed;
  };
  const best = [...pool].sort((a, b) => score(a) - score(b) || a.minutes - b.minutes || a.title.localeCompare(b.title))[0]!;

  const bySkill = [...best.skills].sort((a, b) => (skillMastery.get(a) ?? 0) - (skillMastery.get(b) ?? 0) || a.localeCompare(b));
  const fresh = bySkill.find((skill) => !solvedCombos.has(`${best.track}|${best.difficulty}|${skill}`));
  const track = TRACK_INFO[best.track].label.toLowerCase();
  let reason: string;
  if (fresh) {
    reason = `You have not solved ${article(best.difficulty)} ${best.difficulty} ${track} exercise on ${skillLabel(fresh)} yet.`;
  } else {
    const skill = bySkill[0]!;
    reason = `It practises ${skillLabel(skill)}, one of your weakest skills (${Math.round((skillMastery.get(skill) ?? 0) * 100)} % mastery).`;
  }
  if (ready.length === 0 && best.prerequisites.length > 0) reason += ' Its prerequisites are not solved yet, but nothing else is open.';
  return { exercise: best, reason };
}
