/**
 * Waiting items per client, taken in turn across clients (round-robin): a client with many items
 * waiting gets one turn like a client with one, so nobody can hold the queue by filling it. Given
 * each client's recent use of the graders, the lightest user goes first, so a client whose jobs
 * hold a grader for long (code that only sleeps) waits behind those whose jobs are quick.
 */
export class FairQueue<T> {
  /** Clients with items waiting, in turn order (a Map keeps insertion order). */
  private readonly byClient = new Map<string, T[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  sizeOf(client: string): number {
    return this.byClient.get(client)?.length ?? 0;
  }

  push(client: string, item: T): void {
    const items = this.byClient.get(client);
    if (items) items.push(item);
    else this.byClient.set(client, [item]);
    this.count += 1;
  }

  /**
   * The oldest item of the waiting client that has used the graders least (`usage`, e.g. recent
   * grading time), the first in turn among equals, skipping clients `mayStart` refuses; that
   * client then goes to the back of the turn order. Undefined when no waiting client may start.
   */
  take(mayStart: (client: string) => boolean = () => true, usage: (client: string) => number = () => 0): { client: string; item: T } | undefined {
    let chosen: { client: string; items: T[] } | undefined;
    let least = Number.POSITIVE_INFINITY;
    for (const [client, items] of this.byClient) {
      if (!mayStart(client)) continue;
      const used = usage(client);
      if (used < least) {
        least = used;
        chosen = { client, items };
      }
    }
    if (!chosen) return undefined;
    const { client, items } = chosen;
    const item = items.shift()!;
    this.byClient.delete(client);
    if (items.length > 0) this.byClient.set(client, items);
    this.count -= 1;
    return { client, item };
  }

  /** Removes and returns everything waiting. */
  drain(): T[] {
    const all = [...this.byClient.values()].flat();
    this.byClient.clear();
    this.count = 0;
    return all;
  }
}
