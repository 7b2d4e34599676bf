// mistake: emits one row per available snapshot (a plain merge on customer_id filtered by time), so frequent customers' orders are duplicated
// expect: duplicated orders
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

const DAY_MS = 86_400_000;

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

  return orders.flatMap((order) => {
    const placedAt = Date.parse(order.placedAt);
    const matches = (byCustomer.get(order.customerId) ?? []).filter((c) => c.availableAt <= placedAt && placedAt - c.asOf <= maxAgeDays * DAY_MS);
    if (matches.length > 1) {
      return matches.map(({ snapshot: s }) => ({
        orderId: order.orderId,
        customerId: order.customerId,
        placedAt: order.placedAt,
        snapshotAsOf: s.asOf,
        orders90d: s.orders90d,
        refundRate90d: s.refundRate90d,
        accountAgeDays: s.accountAgeDays,
      }));
    }
    // The newest snapshot that existed in the feature store at order time: latest asOf, and among
    // versions of that asOf, the latest one published by then.
    let best: Parsed | undefined;
    for (const candidate of byCustomer.get(order.customerId) ?? []) {
      if (candidate.availableAt > placedAt) continue;
      if (!best || candidate.asOf > best.asOf || (candidate.asOf === best.asOf && candidate.availableAt > best.availableAt)) best = candidate;
    }
    const fresh = best !== undefined && placedAt - best.asOf <= maxAgeDays * DAY_MS;
    const s = fresh ? best!.snapshot : undefined;
    return [{
      orderId: order.orderId,
      customerId: order.customerId,
      placedAt: order.placedAt,
      snapshotAsOf: s ? s.asOf : null,
      orders90d: s ? s.orders90d : null,
      refundRate90d: s ? s.refundRate90d : null,
      accountAgeDays: s ? s.accountAgeDays : null,
    }];
  });
}
