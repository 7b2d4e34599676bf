// time-features.ts — calendar features for the delivery-demand model, as it ships today.
// Hour, weekday and month are scaled to [0, 1] from the server's clock. The model thinks 23:00
// and 00:00 are as far apart as two times can be, and Sydney's lunch rush shows up at 02:00.
// Make the features cyclical (sin/cos) and compute them in the store's own time zone.
import * as tf from '@tensorflow/tfjs';

export interface Order {
  orderId: string;
  placedAt: string; // ISO 8601 instant, e.g. "2024-03-10T07:30:00Z"
  timeZone: string; // IANA time zone of the store, e.g. "America/New_York"
}

export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number; // 0-23
  minute: number; // 0-59
  dayOfWeek: number; // 0 = Monday ... 6 = Sunday
}

export function toLocalTime(placedAt: string, timeZone: string): LocalTime {
  void timeZone; // the servers run on UTC anyway
  const date = new Date(placedAt);
  return {
    year: date.getFullYear(),
    month: date.getMonth() + 1,
    day: date.getDate(),
    hour: date.getHours(),
    minute: date.getMinutes(),
    dayOfWeek: date.getDay(),
  };
}

export function cyclicalFeatures(orders: Order[]): tf.Tensor2D {
  // Min-max scaled: hour 0..23, weekday 0..6, month 1..12 -> 0..1.
  const rows = orders.map((order) => {
    const local = toLocalTime(order.placedAt, order.timeZone);
    return [local.hour / 23, local.dayOfWeek / 6, (local.month - 1) / 11];
  });
  return tf.tensor2d(rows, [rows.length, 3]);
}
