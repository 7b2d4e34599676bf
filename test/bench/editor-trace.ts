/**
 * Where the time of one visit goes until the editor is editable (`npm run bench:editor -- --trace`):
 * every request with when it started and ended after navigation and its bytes as sent, the page's
 * own milestones (navigation timing and the `editor:*` performance marks the workspace sets), and
 * the main thread's busy time (script, layout, all tasks) from chromium's metrics.
 */
import type { CDPSession, Page } from 'playwright-core';

interface TracedRequest {
  url: string;
  type: string;
  startS: number;
  endS?: number;
  bytes: number;
  cached: boolean;
}

export interface VisitTrace {
  /** Stops recording and prints what happened since `start`. */
  print(page: Page, editableMs: number): Promise<void>;
}

/** Starts recording the requests of `page` on its CDP session (call before navigating). */
export function traceVisit(client: CDPSession, label: string): VisitTrace {
  const requests = new Map<string, TracedRequest>();
  let recording = true;
  client.on('Network.requestWillBeSent', (event: { requestId: string; type?: string; timestamp: number; request: { url: string } }) => {
    if (recording) requests.set(event.requestId, { url: event.request.url, type: event.type ?? '', startS: event.timestamp, bytes: 0, cached: false });
  });
  client.on('Network.requestServedFromCache', (event: { requestId: string }) => {
    const request = requests.get(event.requestId);
    if (request) request.cached = true;
  });
  client.on('Network.loadingFinished', (event: { requestId: string; timestamp: number; encodedDataLength: number }) => {
    const request = requests.get(event.requestId);
    if (!recording || !request) return;
    request.endS = event.timestamp;
    request.bytes = event.encodedDataLength;
  });
  return {
    async print(page, editableMs) {
      recording = false;
      const list = [...requests.values()].sort((a, b) => a.startS - b.startS);
      const origin = list[0]?.startS ?? 0;
      const ms = (seconds: number | undefined) => (seconds === undefined ? '    …' : `${Math.round((seconds - origin) * 1000)}`.padStart(5));
      console.log(`\n${label}: requests until editable (${editableMs} ms), start → end ms after navigation`);
      for (const request of list) {
        const size = request.cached ? 'cache' : `${(request.bytes / 1024).toFixed(1)} KB`;
        console.log(`  ${ms(request.startS)} → ${ms(request.endS)}  ${size.padStart(10)}  ${request.type.padEnd(10)} ${shorten(request.url)}`);
      }
      const total = list.reduce((sum, request) => sum + request.bytes, 0);
      console.log(`  ${list.length} requests, ${(total / 1024).toFixed(1)} KB as sent`);
      const milestones = await page.evaluate(() => {
        const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        const marks = performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime] as const);
        return [
          ['html received', navigation?.responseEnd ?? 0] as const,
          ['DOMContentLoaded', navigation?.domContentLoadedEventEnd ?? 0] as const,
          ['load', navigation?.loadEventEnd ?? 0] as const,
          ...marks,
        ];
      });
      console.log(`  milestones (ms after navigation): ${milestones.map(([name, at]) => `${name} ${Math.round(at)}`).join(', ')}`);
      const metrics = new Map(((await client.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
      const busy = (name: string) => `${Math.round((metrics.get(name) ?? 0) * 1000)} ms`;
      console.log(`  main thread: tasks ${busy('TaskDuration')}, script ${busy('ScriptDuration')}, layout ${busy('LayoutDuration')}, style ${busy('RecalcStyleDuration')}`);
    },
  };
}

function shorten(url: string): string {
  const { pathname, search } = new URL(url);
  const text = pathname + search;
  return text.length > 90 ? `${text.slice(0, 87)}…` : text;
}
