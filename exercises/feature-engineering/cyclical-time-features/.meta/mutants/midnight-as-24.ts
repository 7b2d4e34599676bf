// mistake: asks Intl for hour12: false instead of hourCycle: 'h23', which reports midnight as hour 24 in Node and Chrome
// expect: midnight is hour 0
import * as tf from '@tensorflow/tfjs';

/** One order as the order service logs it: an instant (ISO 8601, `Z` or an offset) and the store's IANA time zone. */
export interface Order {
  orderId: string;
  placedAt: string;
  timeZone: string;
}

/** The wall-clock time at the store when the order was placed. */
export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number; // 0-23
  minute: number; // 0-59
  dayOfWeek: number; // 0 = Monday ... 6 = Sunday
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** One formatter per time zone (creating them is the slow part). `hourCycle: 'h23'`: midnight is 0, never 24. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hour12: false,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        weekday: 'short',
      });
    } catch {
      throw new Error(`unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function toLocalTime(placedAt: string, timeZone: string): LocalTime {
  const instant = Date.parse(placedAt);
  if (Number.isNaN(instant)) throw new Error(`invalid timestamp "${placedAt}"`);
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    dayOfWeek: WEEKDAYS.indexOf(parts.weekday!),
  };
}

export function cyclicalFeatures(orders: Order[]): tf.Tensor2D {
  // Angles in plain JS (string and calendar work), then sin/cos of all of them in one tidy.
  const angles = orders.map((order, i) => {
    let local: LocalTime;
    try {
      local = toLocalTime(order.placedAt, order.timeZone);
    } catch (error) {
      throw new Error(`row ${i}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return [
      (2 * Math.PI * (local.hour + local.minute / 60)) / 24,
      (2 * Math.PI * local.dayOfWeek) / 7,
      (2 * Math.PI * (local.month - 1)) / 12,
    ];
  });
  return tf.tidy(() => {
    const a = tf.tensor2d(angles, [orders.length, 3]);
    // [n, 3, 2] -> [n, 6]: hour sin, hour cos, day sin, day cos, month sin, month cos.
    return tf.stack([tf.sin(a), tf.cos(a)], 2).reshape([orders.length, 6]) as tf.Tensor2D;
  });
}
