import type { GroupMastery, Mastery } from '@/lib/progress/compute-mastery';
import { percent } from './format';
import { MasteryChart, type MasteryBar } from './mastery-chart';

const TRACK_COLOR: Record<string, string> = {
  'model-selection': 'var(--ms)',
  'feature-engineering': 'var(--fe)',
  'deployment-debugging': 'var(--dd)',
};

function toBars(groups: GroupMastery[], color: (g: GroupMastery) => string): MasteryBar[] {
  return groups.map((g) => ({
    key: g.key,
    label: g.label,
    percent: percent(g.mastery),
    solved: g.solved,
    total: g.total,
    // No-break spaces: the chart wraps a label at its spaces.
    text: `${percent(g.mastery)}\u00a0%\u00a0·\u00a0${g.solved}/${g.total}`,
    color: color(g),
  }));
}

const qualityText = (g: GroupMastery) => (g.quality === null ? '–' : `${percent(g.quality)} %`);

/** The overall figure as the product it is: how much of the catalog is solved, times how well. */
function OverallExplained({ overall }: { overall: GroupMastery }) {
  return (
    <div className="mastery-explained" data-testid="mastery-explained">
      <p className="mastery-equation">
        <span>
          <strong>{percent(overall.mastery)} %</strong> mastery
        </span>
        <span aria-hidden="true">=</span>
        <span>
          <strong>{percent(overall.coverage)} %</strong> covered
        </span>
        <span aria-hidden="true">×</span>
        <span>
          <strong>{qualityText(overall)}</strong> quality
        </span>
      </p>
      <p className="dash-help">
        <strong>Covered</strong>: the share of all {overall.total} exercises you have solved ({overall.solved} so far), harder ones weighing
        more. <strong>Quality</strong>: how well you solved them: less for hints and revealed solutions, fading without review. A track or
        a skill is read the same way over its own exercises only, and most skills have one or two: one clean solve puts a skill near
        100 % while the catalog’s mastery is still small.
      </p>
    </div>
  );
}

function MasteryTable({ groups, caption, kind }: { groups: GroupMastery[]; caption: string; kind: string }) {
  return (
    <div className="table-scroll">
      <table className="data-grid">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{kind}</th>
            <th scope="col">Mastery</th>
            <th scope="col">Covered</th>
            <th scope="col">Quality</th>
            <th scope="col">Solved</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{g.label}</th>
              <td>{percent(g.mastery)} %</td>
              <td>{percent(g.coverage)} %</td>
              <td>{qualityText(g)}</td>
              <td>
                {g.solved} of {g.total}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Mastery per track and per skill: a bar chart each, with the same numbers as a table. */
export function MasterySection({ mastery }: { mastery: Mastery }) {
  const worked = mastery.skills.filter((skill) => skill.attempted > 0).sort((a, b) => b.mastery - a.mastery || a.label.localeCompare(b.label));
  return (
    <section className="panel dash-panel dash-mastery" aria-labelledby="mastery-title">
      <h2 id="mastery-title" className="panel-title">
        Mastery <span className="panel-note">overall {percent(mastery.overall.mastery)} %</span>
      </h2>
      <OverallExplained overall={mastery.overall} />
      <div className="mastery-grid">
        <figure className="chart-figure">
          <figcaption>By track</figcaption>
          <MasteryChart title="Mastery by track" bars={toBars(mastery.tracks, (g) => TRACK_COLOR[g.key] ?? 'var(--accent)')} />
          <details className="chart-table">
            <summary>Show as a table</summary>
            <MasteryTable groups={mastery.tracks} caption="Mastery by track" kind="Track" />
          </details>
        </figure>
        <figure className="chart-figure">
          <figcaption>By skill you have worked on (solved of its exercises)</figcaption>
          {worked.length > 0 ? (
            <MasteryChart title="Mastery by skill" bars={toBars(worked, () => 'var(--accent)')} />
          ) : (
            <p className="dash-help">Skills you work on appear here; the table lists all {mastery.skills.length}.</p>
          )}
          <details className="chart-table">
            <summary>Show every skill as a table</summary>
            <MasteryTable groups={mastery.skills} caption="Mastery by skill, every skill of the catalog" kind="Skill" />
          </details>
        </figure>
      </div>
    </section>
  );
}
