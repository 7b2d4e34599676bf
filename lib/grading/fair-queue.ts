/**
 * Waiting items per client, taken in turn across clients (round-robin): a client with many items
 * waiting gets one turn like a client with one, so nobody can hold the queue by filling it.
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
   * The oldest item of the first client in turn that `mayStart` allows; that client then goes to
   * the back of the turn order. Undefined when no waiting client may start.
   */
  take(mayStart: (client: string) => boolean = () => true): { client: string; item: T } | undefined {
    for (const [client, items] of this.byClient) {
      if (!mayStart(client)) continue;
      const item = items.shift()!;
      this.byClient.delete(client);
      if (items.length > 0) this.byClient.set(client, items);
      this.count -= 1;
      return { client, item };
    }
    return undefined;
  }

  /** Removes and returns everything waiting. */
  drain(): T[] {
    const all = [...this.byClient.values()].flat();
    this.byClient.clear();
    this.count = 0;
    return all;
  }
}
