/** A model card: what a zoo model does, how to feed it, how good, big and fast it is, and where its data came from. */
import type { ClassifierMetrics } from './evaluate-classifier';
import type { LatencyMeasurement, MachineDescription } from './measure-latency';
import type { TrainingPlan } from './train-classifier';

export interface ModelCard {
  name: string;
  title: string;
  task: string;
  /** `classifier` returns class probabilities; `embedder` returns a vector per input. */
  kind: 'classifier' | 'embedder';
  architecture: string;
  inputs: {
    shape: number[];
    features: string[];
    preprocessing: string;
    /** Per-feature mean and standard deviation to apply before predict, when the model needs them. */
    normalisation?: { mean: number[]; std: number[] };
  };
  outputs: { shape: number[]; labels?: string[]; description: string };
  parameters: number;
  size: { weightsBytes: number; modelJsonBytes: number; totalBytes: number };
  /** Metrics on held-out splits never used for training. */
  metrics: Record<string, ClassifierMetrics | Record<string, number>>;
  latency: { measurements: LatencyMeasurement[]; machine: MachineDescription; note: string } | null;
  training: (TrainingPlan & { trainRows: number; initialiserSeeds: number[]; durationMs: number }) | { derivedFrom: string };
  data: { name: string; source: string; licence: string; splits: Record<string, number> };
  licence: string;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function formatMetrics(metrics: ModelCard['metrics']): string[] {
  return Object.entries(metrics).map(([split, values]) => {
    const parts = Object.entries(values).map(([key, value]) => `${key} ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : value}`);
    return `| ${split} | ${parts.join(', ')} |`;
  });
}

/** The card as markdown (card.md); card.json holds the same facts for programs. */
export function renderCard(card: ModelCard): string {
  const lines = [
    `# ${card.name}: ${card.title}`,
    '',
    card.task,
    '',
    '| | |',
    '| --- | --- |',
    `| kind | ${card.kind} |`,
    `| architecture | ${card.architecture} |`,
    `| input | shape [${card.inputs.shape.join(', ')}]: ${card.inputs.features.join(', ')} |`,
    `| preprocessing | ${card.inputs.preprocessing} |`,
    `| output | shape [${card.outputs.shape.join(', ')}]: ${card.outputs.description} |`,
    `| parameters | ${card.parameters.toLocaleString('en-US')} |`,
    `| size on disk | ${kb(card.size.totalBytes)} (weights.bin ${card.size.weightsBytes} B, model.json ${card.size.modelJsonBytes} B) |`,
    `| licence | ${card.licence} |`,
    '',
  ];
  if (card.inputs.normalisation) {
    lines.push('Normalisation (fitted on the training split): `(x - mean) / std` with', '', '```json', JSON.stringify(card.inputs.normalisation), '```', '');
  }
  if (card.outputs.labels) lines.push(`Output order: ${card.outputs.labels.map((l) => `\`${l}\``).join(', ')}.`, '');
  lines.push('## Metrics on held-out data', '', '| split | metrics |', '| --- | --- |', ...formatMetrics(card.metrics), '');
  if (card.latency) {
    const m = card.latency.machine;
    lines.push(
      '## Latency',
      '',
      `Measured when the zoo was built: ${card.latency.note} Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, tfjs ${m.tfjs} (${m.backend} backend).`,
      '',
      '| batch | runs | p50 ms | p95 ms | mean ms |',
      '| --- | --- | --- | --- | --- |',
      ...card.latency.measurements.map((l) => `| ${l.batchSize} | ${l.runs} | ${l.p50Ms} | ${l.p95Ms} | ${l.meanMs} |`),
      '',
    );
  }
  lines.push('## Training', '');
  if ('derivedFrom' in card.training) lines.push(card.training.derivedFrom, '');
  else {
    const t = card.training;
    lines.push(
      `Adam (learning rate ${t.learningRate}), categorical cross-entropy, ${t.epochs} epochs of batch ${t.batchSize} on ${t.trainRows} rows, ` +
        `seeded initialisers (${t.initialiserSeeds.join(', ')}) and seeded shuffles (${t.shuffleSeed}); ${(t.durationMs / 1000).toFixed(1)} s to train at build time.`,
      '',
    );
  }
  const splits = Object.entries(card.data.splits).map(([k, v]) => `${k} ${v}`).join(', ');
  lines.push('## Data', '', `${card.data.name} (${splits}). Source: ${card.data.source}. Licence: ${card.data.licence}.`, '');
  return lines.join('\n');
}
