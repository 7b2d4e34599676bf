import type { Track } from '@/lib/exercises/meta-schema';
import { TRACK_INFO } from '@/lib/exercises/track-info';

export function TrackBadge({ track }: { track: Track }) {
  return (
    <span className="badge track-badge" data-track={track}>
      {TRACK_INFO[track].label}
    </span>
  );
}
