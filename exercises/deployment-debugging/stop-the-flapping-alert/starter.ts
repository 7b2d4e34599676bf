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

/**
 * FraudModelFallbackRateHigh, as deployed. Pages the on-call engineer on every 'firing' event.
 */
export function evaluateAlert(stats: MinuteStats[], rule: AlertRule): AlertEvent[] {
  const events: AlertEvent[] = [];
  let firing = false;
  for (const row of stats) {
    const rate = row.requests === 0 ? 0 : row.fallbacks / row.requests;
    if (!firing && rate > rule.fireAbove) {
      firing = true;
      events.push({ minute: row.minute, state: 'firing', rate });
    } else if (firing && rate <= rule.fireAbove) {
      firing = false;
      events.push({ minute: row.minute, state: 'resolved', rate });
    }
  }
  return events;
}
