import { TRACK_INFO } from '@/lib/exercises/track-info';
import type { Track } from '@/lib/exercises/meta-schema';

/** "Model selection", or "Mix of tracks". */
export function trackLabel(track: string): string {
  return track in TRACK_INFO ? TRACK_INFO[track as Track].label : 'Mix of tracks';
}

/** "12:05" or "1:02:05" for a number of milliseconds (never negative). */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "14 min 5 s" for a duration. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}
