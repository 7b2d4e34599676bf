import { DIFFICULTIES, type Difficulty } from '@/lib/exercises/meta-schema';
import { DIFFICULTY_LABEL } from '@/lib/exercises/track-info';

/** The level as text plus one to three bars, so it never depends on colour alone. */
export function DifficultyBadge({ difficulty }: { difficulty: Difficulty }) {
  const level = DIFFICULTIES.indexOf(difficulty) + 1;
  return (
    <span className="badge difficulty-badge" data-difficulty={difficulty}>
      <span className="difficulty-bars" aria-hidden>
        {DIFFICULTIES.map((d, i) => (
          <span key={d} className={i < level ? 'bar on' : 'bar'} />
        ))}
      </span>
      {DIFFICULTY_LABEL[difficulty]}
    </span>
  );
}
