'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface TrendPoint {
  /** 1 for the first mock. */
  n: number;
  /** 0..100 */
  score: number;
  date: string;
  track: string;
}

/** Mock scores in the order taken (the table beside it carries the same numbers). */
export function ScoreTrend({ points }: { points: TrendPoint[] }) {
  return (
    <div className="chart" style={{ height: 200 }} data-testid="mock-trend">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 24, bottom: 4, left: 0 }} accessibilityLayer title="Mock interview scores over time">
          <CartesianGrid stroke="var(--border)" />
          <XAxis dataKey="n" stroke="var(--text-muted)" fontSize={12} tickLine={false} label={{ value: 'Mock', position: 'insideBottomRight', offset: -2, fontSize: 12 }} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit=" %" stroke="var(--text-muted)" fontSize={12} width={52} />
          <Tooltip
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, color: 'var(--text)' }}
            formatter={(value) => [`${String(value)} %`, 'Score']}
            labelFormatter={(_label, payload) => {
              const point = payload[0]?.payload as TrendPoint | undefined;
              return point ? `${point.date} · ${point.track}` : '';
            }}
          />
          <Line type="monotone" dataKey="score" stroke="var(--accent)" strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
