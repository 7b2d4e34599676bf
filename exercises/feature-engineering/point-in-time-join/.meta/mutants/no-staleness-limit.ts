// mistake: uses the newest available snapshot however old it is, so after the failed weekly run orders get two-week-old features the model never saw at that age in serving
// expect: older than maxAgeDays
/** An order to score (or to train on). Timestamps are ISO 8601 instants (`Z` or an offset). */
export interface Order {
  orderId: string;
  customerId: string;
  placedAt: string;
}

/** One row of the weekly feature job: the customer as of `asOf`, readable from `availableAt`. */
export interface CustomerSnapshot {
  customerId: string;
  asOf: string;
  availableAt: string;
  orders90d: number;
  refundRate90d: number | null;
  accountAgeDays: number;
}

/** The order with the features serving would have seen when it was placed (all null if none). */
export interface OrderWithFeatures {
  orderId: string;
  customerId: string;
  placedAt: string;
  snapshotAsOf: string | null;
  orders90d: number | null;
  refundRate90d: number | null;
  accountAgeDays: number | null;
}

interface Parsed {
  snapshot: CustomerSnapshot;
  asOf: number;
  availableAt: number;
}

export function joinAsOf(orders: Order[], snapshots: CustomerSnapshot[], maxAgeDays: number): OrderWithFeatures[] {
  // Group once, with instants parsed once (strings with different offsets don't compare as text).
  const byCustomer = new Map<string, Parsed[]>();
  for (const snapshot of snapshots) {
    const list = byCustomer.get(snapshot.customerId) ?? [];
    list.push({ snapshot, asOf: Date.parse(snapshot.asOf), availableAt: Date.parse(snapshot.availableAt) });
    byCustomer.set(snapshot.customerId, list);
  }

  return orders.map((order) => {
    const placedAt = Date.parse(order.placedAt);
    // The newest snapshot that existed in the feature store at order time: latest asOf, and among
    // versions of that asOf, the latest one published by then.
    let best: Parsed | undefined;
    for (const candidate of byCustomer.get(order.customerId) ?? []) {
      if (candidate.availableAt > placedAt) continue;
      if (!best || candidate.asOf > best.asOf || (candidate.asOf === best.asOf && candidate.availableAt > best.availableAt)) best = candidate;
    }
    void maxAgeDays;
    const fresh = best !== undefined;
    const s = fresh ? best!.snapshot : undefined;
    return {
      orderId: order.orderId,
      customerId: order.customerId,
      placedAt: order.placedAt,
      snapshotAsOf: s ? s.asOf : null,
      orders90d: s ? s.orders90d : null,
      refundRate90d: s ? s.refundRate90d : null,
      accountAgeDays: s ? s.accountAgeDays : null,
    };
  });
}
