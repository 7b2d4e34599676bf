import type { Difficulty, Track } from './meta-schema';

/** How each track is named and introduced in the UI. */
export const TRACK_INFO: Record<Track, { label: string; description: string }> = {
  'model-selection': {
    label: 'Model selection',
    description: 'Pick or adapt a pretrained model under accuracy, latency, memory and size budgets, and evaluate it honestly.',
  },
  'feature-engineering': {
    label: 'Feature engineering',
    description: 'Clean, join, impute, encode and scale data, and build features without leaking the target.',
  },
  'deployment-debugging': {
    label: 'Deployment debugging',
    description: 'Fix broken serving code: training/serving skew, tensor leaks, shape bugs, latency budgets and drift.',
  },
};

export const DIFFICULTY_LABEL: Record<Difficulty, string> = {
  easy: 'Easy',
  medium: 'Medium',
  hard: 'Hard',
};

/** `target-encoding` → `target encoding`. */
export function skillLabel(skill: string): string {
  return skill.replace(/-/g, ' ');
}
