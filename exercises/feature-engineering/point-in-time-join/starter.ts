// training-set.ts — joins every order to the customer features for the refund model, as the
// notebook does it today. The offline AUC is excellent; in production the model is close to
// useless. Fix the join so each order gets exactly the features serving had when it was placed.

export interface Order {
  orderId: string;
  customerId: string;
  placedAt: string; // ISO 8601 instant
}

export interface CustomerSnapshot {
  customerId: string;
  asOf: string; // the customer as of this instant
  availableAt: string; // when the snapshot landed in the feature store
  orders90d: number;
  refundRate90d: number | null;
  accountAgeDays: number;
}

export interface OrderWithFeatures {
  orderId: string;
  customerId: string;
  placedAt: string;
  snapshotAsOf: string | null;
  orders90d: number | null;
  refundRate90d: number | null;
  accountAgeDays: number | null;
}

export function joinAsOf(orders: Order[], snapshots: CustomerSnapshot[], maxAgeDays: number): OrderWithFeatures[] {
  void maxAgeDays;
  // orders.merge(snapshots, on='customer_id') ...
  const joined = orders.flatMap((order) =>
    snapshots
      .filter((s) => s.customerId === order.customerId)
      .map((s) => ({ ...order, snapshotAsOf: s.asOf, orders90d: s.orders90d, refundRate90d: s.refundRate90d, accountAgeDays: s.accountAgeDays })),
  );
  // ... .sort_values('as_of').drop_duplicates('order_id', keep='last'): the most recent features.
  const latest = new Map<string, OrderWithFeatures>();
  for (const row of joined.sort((a, b) => a.snapshotAsOf.localeCompare(b.snapshotAsOf))) latest.set(row.orderId, row);
  return [...latest.values()];
}
