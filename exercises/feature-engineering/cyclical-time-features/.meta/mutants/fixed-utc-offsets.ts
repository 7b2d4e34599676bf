// mistake: converts with a table of fixed UTC offsets per time zone, so every date after a clock change is an hour off
// expect: around the daylight-saving changes
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

/** Standard offsets in minutes: "close enough" for a demand model. */
const OFFSETS: Record<string, number> = {
  'America/New_York': -300,
  'America/Los_Angeles': -480,
  'Europe/London': 0,
  'Australia/Sydney': 600,
  'Asia/Kolkata': 330,
  'Asia/Kathmandu': 345,
};

export function toLocalTime(placedAt: string, timeZone: string): LocalTime {
  const offset = OFFSETS[timeZone];
  if (offset === undefined) throw new Error(`unknown time zone "${timeZone}"`);
  const instant = Date.parse(placedAt);
  if (Number.isNaN(instant)) throw new Error(`invalid timestamp "${placedAt}"`);
  const shifted = new Date(instant + offset * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    dayOfWeek: (shifted.getUTCDay() + 6) % 7,
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
