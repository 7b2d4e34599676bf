'use client';

import { useSyncExternalStore } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const NARROW = '(max-width: 560px)';
const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};
/** Phones get narrower labels so the bars keep most of the width. */
function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW).matches, () => false);
}

export interface MasteryBar {
  key: string;
  label: string;
  /** 0..100 */
  percent: number;
  solved: number;
  total: number;
  /** The label at the bar's end: the percentage and how many of the group's exercises are solved. */
  text: string;
  /** CSS colour of the bar (a token). */
  color: string;
}

/** Horizontal bars of mastery (0-100 %); the table next to it carries the same numbers. */
export function MasteryChart({ bars, title }: { bars: MasteryBar[]; title: string }) {
  const narrow = useNarrow();
  const height = Math.max(120, bars.length * 38 + 40);
  return (
    <div className="chart" style={{ height }} data-testid={`chart-${title}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 84, bottom: 4, left: 8 }} accessibilityLayer title={title}>
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit=" %" stroke="var(--text-muted)" fontSize={12} />
          <YAxis type="category" dataKey="label" width={narrow ? 104 : 170} stroke="var(--text-muted)" fontSize={narrow ? 11 : 13} tickLine={false} />
          <Tooltip
            cursor={{ fill: 'var(--surface-2)' }}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, color: 'var(--text)' }}
            formatter={(value, _name, item) => {
              const bar = item.payload as MasteryBar;
              return [`${value} % (${bar.solved} of ${bar.total} solved)`, 'Mastery'];
            }}
          />
          <Bar dataKey="percent" radius={[0, 6, 6, 0]} isAnimationActive={false} minPointSize={2}>
            {bars.map((bar) => (
              <Cell key={bar.key} fill={bar.color} />
            ))}
            <LabelList dataKey="text" position="right" fill="var(--text)" fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
