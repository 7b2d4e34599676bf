// mistake: keeps the last windowMinutes rows instead of the last windowMinutes minutes, so after the collector gap the window reaches back to before the gap
// expect: a burst, then a collector gap
export interface MinuteStats {
  /** Minute of the day, 0-1439. Rows are in increasing minute order; a minute may be missing. */
  minute: number;
  requests: number;
  fallbacks: number;
}

export interface AlertRule {
  /** The rate is computed over the minutes (m - windowMinutes, m]. */
  windowMinutes: number;
  /** Fire when the window's fallback rate is strictly above this. */
  fireAbove: number;
  /** Resolve when the window's fallback rate is strictly below this. */
  resolveBelow: number;
  /** A window with fewer requests than this says nothing: the state stays as it is. */
  minRequests: number;
}

export interface AlertEvent {
  minute: number;
  state: 'firing' | 'resolved';
  /** The window's fallback rate that caused the change. */
  rate: number;
}

export function evaluateAlert(stats: MinuteStats[], rule: AlertRule): AlertEvent[] {
  const events: AlertEvent[] = [];
  let firing = false;
  // Running sums over the window; `first` is the oldest row still inside it.
  let first = 0;
  let requests = 0;
  let fallbacks = 0;
  for (const row of stats) {
    requests += row.requests;
    fallbacks += row.fallbacks;
    // The window is measured in minutes, not rows: after a gap it holds fewer rows.
    while (stats.indexOf(row) - first >= rule.windowMinutes) {
      requests -= stats[first]!.requests;
      fallbacks -= stats[first]!.fallbacks;
      first += 1;
    }
    // Too little traffic to tell: keep the current state rather than guess.
    if (requests < rule.minRequests) continue;
    const rate = fallbacks / requests;
    if (!firing && rate > rule.fireAbove) {
      firing = true;
      events.push({ minute: row.minute, state: 'firing', rate });
    } else if (firing && rate < rule.resolveBelow) {
      firing = false;
      events.push({ minute: row.minute, state: 'resolved', rate });
    }
  }
  return events;
}
