import type { ActivityCalendar } from '@/lib/progress/build-activity-calendar';
import type { Streaks } from '@/lib/progress/compute-streaks';
import { ActivityHeatmap } from './activity-heatmap';
import { monthLabel } from './format';

/** The year's heatmap with the current and longest streak, and the month totals as a table. */
export function ActivitySection({ calendar, streaks, timeZone }: { calendar: ActivityCalendar; streaks: Streaks; timeZone: string }) {
  return (
    <section className="panel dash-panel dash-activity" aria-labelledby="activity-title">
      <h2 id="activity-title" className="panel-title">
        Activity <span className="panel-note">last 12 months, days in {timeZone}</span>
      </h2>
      <dl className="streak-facts">
        <div>
          <dt>Current streak</dt>
          <dd data-testid="current-streak">
            {streaks.current} {streaks.current === 1 ? 'day' : 'days'}
          </dd>
        </div>
        <div>
          <dt>Longest streak</dt>
          <dd data-testid="longest-streak">
            {streaks.longest} {streaks.longest === 1 ? 'day' : 'days'}
          </dd>
        </div>
        <div>
          <dt>Active days</dt>
          <dd>{calendar.activeDays}</dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{calendar.totalAttempts}</dd>
        </div>
      </dl>
      {!streaks.activeToday && streaks.current > 0 && <p className="dash-help">Run or submit anything today to keep your streak.</p>}
      <figure className="chart-figure">
        <figcaption className="visually-hidden">Attempts per day over the last year</figcaption>
        <ActivityHeatmap start={calendar.days[0]?.day ?? ''} counts={calendar.days.map((d) => d.count)} />
        <div className="heatmap-legend" aria-hidden="true">
          Less
          {[0, 1, 2, 3, 4].map((level) => (
            <span key={level} className="heat-swatch" style={{ background: `var(--heat-${level})` }} />
          ))}
          More
        </div>
        <details className="chart-table">
          <summary>Show as a table</summary>
          <div className="table-scroll">
            <table className="data-grid">
              <caption className="visually-hidden">Attempts and active days per month</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Active days</th>
                  <th scope="col">Attempts</th>
                </tr>
              </thead>
              <tbody>
                {calendar.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{monthLabel(m.month)}</th>
                    <td>{m.activeDays}</td>
                    <td>{m.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figure>
    </section>
  );
}
