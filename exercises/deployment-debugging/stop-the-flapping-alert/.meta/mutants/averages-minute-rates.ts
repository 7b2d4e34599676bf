// mistake: averages the per-minute rates over the window instead of dividing the window’s fallbacks by its requests, so a quiet minute weighs as much as a busy one
// expect: fallback rates of the alert events
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
  for (const row of stats) {
    requests += row.requests;
    while (stats[first]!.minute <= row.minute - rule.windowMinutes) {
      requests -= stats[first]!.requests;
      first += 1;
    }
    if (requests < rule.minRequests) continue;
    const minutes = stats.slice(first, stats.indexOf(row) + 1).filter((r) => r.requests > 0);
    const rate = minutes.reduce((sum, r) => sum + r.fallbacks / r.requests, 0) / minutes.length;
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
