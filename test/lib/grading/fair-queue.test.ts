import { describe, expect, it } from 'vitest';
import { FairQueue } from '@/lib/grading/fair-queue';

function takeAll(queue: FairQueue<string>, mayStart?: (client: string) => boolean, usage?: (client: string) => number): string[] {
  const taken: string[] = [];
  for (let next = queue.take(mayStart, usage); next; next = queue.take(mayStart, usage)) taken.push(next.item);
  return taken;
}

describe('FairQueue', () => {
  it('takes clients in turn, however many items one of them queued first', () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 5; i += 1) queue.push('abuser', `a${i}`);
    queue.push('ada', 'ada1');
    queue.push('ada', 'ada2');
    queue.push('grace', 'grace1');
    expect(queue.size).toBe(8);
    expect(queue.sizeOf('abuser')).toBe(5);
    expect(takeAll(queue)).toEqual(['a1', 'ada1', 'grace1', 'a2', 'ada2', 'a3', 'a4', 'a5']);
    expect(queue.size).toBe(0);
  });

  it('puts a client that arrives later behind those already waiting, not behind all of a flood', () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 4; i += 1) queue.push('abuser', `a${i}`);
    expect(queue.take()?.item).toBe('a1');
    queue.push('ada', 'ada1');
    expect(queue.take()?.item).toBe('a2');
    expect(queue.take()?.item).toBe('ada1');
  });

  it('skips a client that may not start more, keeping its place for later', () => {
    const queue = new FairQueue<string>();
    queue.push('busy', 'b1');
    queue.push('idle', 'i1');
    queue.push('idle', 'i2');
    expect(takeAll(queue, (client) => client !== 'busy')).toEqual(['i1', 'i2']);
    expect(queue.sizeOf('busy')).toBe(1);
    expect(queue.take()?.item).toBe('b1');
  });

  it('serves the client that has used the graders least first, in turn among equals', () => {
    const queue = new FairQueue<string>();
    const used = new Map([['sleeper', 40_000], ['ada', 300], ['grace', 300]]);
    for (const item of ['s1', 's2']) queue.push('sleeper', item);
    queue.push('ada', 'ada1');
    queue.push('grace', 'grace1');
    queue.push('linus', 'linus1');
    const taken = takeAll(queue, undefined, (client) => used.get(client) ?? 0);
    expect(taken).toEqual(['linus1', 'ada1', 'grace1', 's1', 's2']);
  });

  it('drains everything waiting', () => {
    const queue = new FairQueue<string>();
    queue.push('a', '1');
    queue.push('b', '2');
    expect(queue.drain().sort()).toEqual(['1', '2']);
    expect(queue.size).toBe(0);
    expect(queue.take()).toBeUndefined();
  });
});
