'use client';

import { useLayoutEffect, useRef } from 'react';
import { ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';

export interface HeatmapDay {
  day: string;
  count: number;
  week: number;
  weekday: number;
}

const CELL = 12;
const GAP = 3;
const LEVELS = ['var(--heat-0)', 'var(--heat-1)', 'var(--heat-2)', 'var(--heat-3)', 'var(--heat-4)'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function heatLevel(count: number): number {
  if (count === 0) return 0;
  if (count <= 2) return 1;
  if (count <= 5) return 2;
  if (count <= 9) return 3;
  return 4;
}

interface CellProps {
  cx?: number;
  cy?: number;
  payload?: HeatmapDay;
}

function DayCell({ cx = 0, cy = 0, payload }: CellProps) {
  const level = heatLevel(payload?.count ?? 0);
  return <rect x={cx - CELL / 2} y={cy - CELL / 2} width={CELL} height={CELL} rx={2} fill={LEVELS[level]} data-level={level} />;
}

/** Day cells from the first day (a Sunday) and the count of each following day: a small payload. */
function toDays(start: string, counts: number[]): HeatmapDay[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return counts.map((count, index) => ({
    day: new Date(first + index * 86_400_000).toISOString().slice(0, 10),
    count,
    week: Math.floor(index / 7),
    weekday: index % 7,
  }));
}

/**
 * A year of attempts per day, a column per week (Sunday on top), scrolled so that today shows; a
 * month table carries the same totals.
 */
export function ActivityHeatmap({ start, counts }: { start: string; counts: number[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  // Today is the last column: a screen narrower than the year opens on it, older months to the left.
  useLayoutEffect(() => {
    const box = scroller.current;
    if (box) box.scrollLeft = box.scrollWidth;
  }, [counts.length]);
  const days = toDays(start, counts);
  const weeks = Math.ceil(counts.length / 7);
  const width = weeks * (CELL + GAP) + 48;
  const height = 7 * (CELL + GAP) + 36;
  // One tick per month, at the first week that starts in it.
  const monthTicks: number[] = [];
  const monthOfWeek = new Map<number, string>();
  let lastMonth = '';
  for (const d of days) {
    if (d.weekday !== 0) continue;
    const month = d.day.slice(5, 7);
    if (month !== lastMonth) {
      monthTicks.push(d.week);
      monthOfWeek.set(d.week, MONTHS[Number(month) - 1] ?? '');
      lastMonth = month;
    }
  }
  // A partial first month too close to the next one would print over it.
  if (monthTicks.length > 1 && monthTicks[1]! - monthTicks[0]! < 3) monthTicks.shift();
  return (
    <div className="heatmap-scroll" ref={scroller} role="region" aria-label="Attempts per day, scrolls sideways to older months" tabIndex={0}>
      <div style={{ width, height }}>
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 8, bottom: 4, left: 0 }} title="Attempts per day over the last year">
            <XAxis
              type="number"
              dataKey="week"
              domain={[-0.5, weeks - 0.5]}
              ticks={monthTicks}
              tickFormatter={(week: number) => monthOfWeek.get(week) ?? ''}
              orientation="top"
              axisLine={false}
              tickLine={false}
              stroke="var(--text-muted)"
              fontSize={11}
              interval={0}
            />
            <YAxis
              type="number"
              dataKey="weekday"
              domain={[-0.5, 6.5]}
              reversed
              ticks={[1, 3, 5]}
              tickFormatter={(weekday: number) => WEEKDAYS[weekday] ?? ''}
              axisLine={false}
              tickLine={false}
              width={34}
              stroke="var(--text-muted)"
              fontSize={11}
            />
            <Tooltip
              cursor={false}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, color: 'var(--text)' }}
              content={({ active, payload }) => {
                const day = active ? (payload?.[0]?.payload as HeatmapDay | undefined) : undefined;
                if (!day) return null;
                return (
                  <div className="heatmap-tooltip">
                    <strong>{day.count === 0 ? 'No attempts' : `${day.count} ${day.count === 1 ? 'attempt' : 'attempts'}`}</strong> on {day.day}
                  </div>
                );
              }}
            />
            <Scatter data={days} shape={<DayCell />} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
