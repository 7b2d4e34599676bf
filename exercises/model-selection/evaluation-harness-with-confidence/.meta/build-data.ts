/**
 * Builds the ticket-triage benchmark, the v2 training corpus and the two models this exercise
 * evaluates:
 *   data/benchmark.json   400 support tickets of the internal benchmark (id, text, label), sampled
 *                         from the support archive in the spring
 *   data/corpus.json      the documents triage-v2 was trained on: the v1 training tickets plus a
 *                         scrape of the same archive, which holds 52 benchmark tickets again
 *                         (forwarded, re-cased, re-punctuated, some only in part)
 *   data/models.json      triage-v1 and triage-v2 as model cards (name, vocabulary, labels) with
 *                         plain artifacts: term frequencies over the vocabulary -> dense relu ->
 *                         dense softmax over the five queues
 *   .meta/expected.json   the models' predicted queue for every benchmark ticket (float32, cpu)
 * Everything is generated (no real tickets): a ticket is a run of phrases drawn from its own
 * queue's phrases, a decoy queue's phrases and filler, with punctuation and capitals. The models
 * are trained here with tfjs: v1 on its 700 tickets, v2 longer and wider on the v1 tickets plus the
 * scrape, so it memorises the benchmark tickets it saw.
 * Run: npx tsx exercises/model-selection/evaluation-harness-with-confidence/.meta/build-data.ts
 * Deterministic: mulberry32 draws, seeded initialisers, full-batch unshuffled training on the cpu
 * backend, weights rounded to 6 decimals before anything is predicted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';
import { bootstrapAccuracy, contamination, normalise } from './solution';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '..', 'data');
const random = mulberry32(2417);
const round = (value: number, digits = 6) => Number(value.toFixed(digits));

const LABELS = ['billing', 'account', 'bug', 'delivery', 'cancellation'] as const;
const PHRASES: string[][] = [
  ['charged twice', 'my invoice', 'the invoice amount', 'a refund for', 'my credit card', 'the vat number', 'payment failed', 'the wrong price', 'my billing address', 'the annual plan price', 'a duplicate charge', 'a receipt for'],
  ['reset my password', 'cannot log in', 'the login page', 'the two factor code', 'locked out of', 'my username', 'the verification email', 'sign in again', 'access to my account', 'the reset link', 'my session expired', 'change my email'],
  ['the app crashes', 'an error message', 'a blank screen', 'the export button', 'it does not load', 'it keeps freezing', 'sync is broken', 'after the update', 'the dashboard shows', 'wrong numbers in the report', 'the upload fails', 'the search results'],
  ['my parcel', 'the tracking number', 'not arrived yet', 'the courier', 'the delivery address', 'left at the door', 'a damaged box', 'the late delivery', 'the shipping date', 'a missing item in', 'the pickup point', 'out for delivery'],
  ['cancel my subscription', 'stop the renewal', 'close my account', 'end my plan', 'the cancellation fee', 'do not renew', 'downgrade to free', 'the notice period', 'terminate the contract', 'unsubscribe me from', 'my trial ends', 'cancel the order'],
];
const FILLER = [
  'hi', 'hello team', 'good morning', 'please help', 'thanks', 'thank you', 'i think', 'since yesterday', 'this is urgent', 'again',
  'for the third time', 'on my phone', 'last week', 'can you check', 'i tried twice', 'no idea why', 'what should i do', 'is it possible',
  'kind regards', 'it says', 'nothing happens', 'my colleague said', 'today', 'please let me know as soon as possible',
];

const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const PRODUCTS = ['the mobile app', 'the web app', 'the desktop client', 'the starter plan', 'the team plan', 'the business plan', 'the api', 'the browser extension'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** A ticket's own details (order numbers, dates, products), which make real tickets unlike each other. */
function detail(): string {
  const u = random();
  if (u < 0.35) return `order ${10000 + Math.floor(random() * 90000)}`;
  if (u < 0.6) return `on ${1 + Math.floor(random() * 28)} ${pick(MONTHS)}`;
  if (u < 0.8) return `with ${pick(PRODUCTS)}`;
  return `case ${Math.floor(random() * 9000) + 1000}`;
}
/** Fisher-Yates with the seeded generator. */
function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface Ticket {
  label: number;
  text: string;
}

/** A ticket of `phrases` phrases: its own queue's with probability `signal`, a decoy queue's with `decoy`, filler otherwise; at least one of its own. */
function drawTicket(phrases: number, signal: number, decoy: number): Ticket {
  const label = Math.floor(random() * LABELS.length);
  const other = (label + 1 + Math.floor(random() * (LABELS.length - 1))) % LABELS.length;
  const parts = Array.from({ length: phrases }, () => {
    const u = random();
    return u < signal ? pick(PHRASES[label]!) : u < signal + decoy ? pick(PHRASES[other]!) : u < 0.85 ? pick(FILLER) : detail();
  });
  parts[Math.floor(random() * phrases)] = pick(PHRASES[label]!);
  let text = '';
  parts.forEach((part, i) => {
    const start = i === 0 || text.endsWith('. ') || text.endsWith('? ') || text.endsWith('! ');
    text += start ? capitalise(part) : part;
    if (i < parts.length - 1) text += random() < 0.3 ? pick(['. ', ', ', '? ', '! ']) : ' ';
  });
  return { label, text: `${text}${pick(['.', '?', '!', '', '...'])}` };
}

/** An archive ticket: mostly 3-8 phrases with a varied share of decoy phrases; 6% are one or two phrases. */
function drawArchiveTicket(): Ticket {
  const short = random() < 0.04;
  const phrases = short ? 1 + Math.floor(random() * 2) : 4 + Math.floor(random() * 6);
  const signal = 0.15 + random() * 0.3;
  return drawTicket(phrases, signal, random() * (0.5 - signal * 0.5));
}

/** How the scrape holds a benchmark ticket again: forwarded and re-cased whole, or only part of it inside another ticket. */
function copyOf(ticket: Ticket, share: number): string {
  const words = ticket.text.split(' ');
  if (share >= 1) {
    const shouted = words.map((w) => (random() < 0.2 ? w.toUpperCase() : w)).join(' ').replace(/[,.!?]/g, (p) => (random() < 0.5 ? '' : p));
    return `${pick(['Fwd: ', 'RE: ', '> ', ''])}${shouted}${pick([' -- sent from my phone', ' [ticket closed]', ''])}`;
  }
  const keep = Math.max(1, Math.round(words.length * share));
  const start = Math.floor(random() * (words.length - keep + 1));
  return `${drawTicket(2, 0.5, 0.2).text} ${words.slice(start, start + keep).join(' ')} ${drawTicket(2, 0.5, 0.2).text}`;
}

/** Vocabulary: tokens seen at least twice in the training texts, most frequent first (ties alphabetically), at most `size`. */
function buildVocabulary(texts: string[], size: number): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) for (const token of normalise(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  return [...counts].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, size).map(([token]) => token);
}

function termFrequencies(texts: string[], vocabulary: string[]): number[][] {
  const column = new Map(vocabulary.map((token, j) => [token, j]));
  return texts.map((text) => {
    const row = new Array<number>(vocabulary.length).fill(0);
    const known = normalise(text).filter((token) => column.has(token));
    for (const token of known) row[column.get(token)!]! += 1;
    return row.map((count) => count / Math.max(known.length, 1));
  });
}

async function saveArtifacts(model: tf.LayersModel) {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  const weightData = Array.from(new Float32Array(saved!.weightData as ArrayBuffer)).map((v) => round(v));
  return { modelTopology: saved!.modelTopology, weightSpecs: saved!.weightSpecs!, weightData };
}

type Artifacts = Awaited<ReturnType<typeof saveArtifacts>>;

async function train(name: string, tickets: Ticket[], vocabulary: string[], hidden: number, epochs: number, seed: number): Promise<Artifacts> {
  const model = tf.sequential({
    name,
    layers: [
      tf.layers.dense({ name: 'hidden', units: hidden, activation: 'relu', inputShape: [vocabulary.length], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ name: 'queue', units: LABELS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  const optimizer = tf.train.adam(0.02);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const xs = tf.tensor2d(termFrequencies(tickets.map((t) => t.text), vocabulary));
  const ys = tf.oneHot(tf.tensor1d(tickets.map((t) => t.label), 'int32'), LABELS.length);
  await model.fit(xs, ys, { epochs, batchSize: tickets.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  tf.dispose([xs, ys]);
  optimizer.dispose();
  const artifacts = await saveArtifacts(model);
  model.dispose();
  return artifacts;
}

/** Probabilities of the rounded model, as the grader's copy computes them. */
async function probabilities(artifacts: Artifacts, vocabulary: string[], texts: string[]): Promise<number[][]> {
  const served = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs, weightData: new Float32Array(artifacts.weightData).buffer }));
  const out = tf.tidy(() => (served.predict(tf.tensor2d(termFrequencies(texts, vocabulary), [texts.length, vocabulary.length])) as tf.Tensor2D).arraySync());
  served.dispose();
  return out;
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const margin = (row: number[]) => {
  const sorted = [...row].sort((a, b) => b - a);
  return sorted[0]! - sorted[1]!;
};

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const benchmark = Array.from({ length: 400 }, (_, i) => ({ id: `t${String(i + 1).padStart(3, '0')}`, ...drawArchiveTicket() }));
  const v1Training = Array.from({ length: 700 }, drawArchiveTicket);
  const scraped = Array.from({ length: 260 }, drawArchiveTicket);
  // The scrape's copies of benchmark tickets: 40 whole, 12 most of one (60-90%), 8 a small part (20-40%) that is no real copy.
  const chosen = shuffle([...benchmark.keys()].filter((i) => normalise(benchmark[i]!.text).length >= 8)).slice(0, 60);
  const copies = chosen.map((i, k) => ({ label: benchmark[i]!.label, text: copyOf(benchmark[i]!, k < 40 ? 1 : k < 52 ? 0.6 + random() * 0.3 : 0.2 + random() * 0.2) }));
  const scrape = shuffle([...scraped, ...copies]);
  const v2Training = [...v1Training, ...scrape];

  const v1Vocabulary = buildVocabulary(v1Training.map((t) => t.text), 120);
  const v2Vocabulary = buildVocabulary(v2Training.map((t) => t.text), 160);
  const v1 = await train('triage_v1', v1Training, v1Vocabulary, 16, 80, 31);
  const v2 = await train('triage_v2', v2Training, v2Vocabulary, 48, 250, 41);

  const texts = benchmark.map((t) => t.text);
  const p1 = await probabilities(v1, v1Vocabulary, texts);
  const p2 = await probabilities(v2, v2Vocabulary, texts);
  const predictions = { old: p1.map(argmax), new: p2.map(argmax) };
  const corpusTexts = [...v1Training, ...scrape].map((t) => t.text);
  const { flagged } = contamination(texts, corpusTexts, { n: 8, threshold: 0.5 });
  const correctOld = benchmark.map((t, i) => predictions.old[i] === t.label);
  const correctNew = benchmark.map((t, i) => predictions.new[i] === t.label);
  const acc = (c: boolean[], keep: (i: number) => boolean) => {
    const idx = c.map((_, i) => i).filter(keep);
    return `${idx.filter((i) => c[i]).length}/${idx.length}`;
  };
  const isShort = (i: number) => normalise(texts[i]!).length < 8;
  console.log(`short ${benchmark.filter((_, i) => isShort(i)).length} flagged ${flagged.filter((f, i) => f && isShort(i)).length}; copies flagged ${chosen.map((i, k) => `${k}:${flagged[i] ? 1 : 0}`).join(' ')}; others flagged ${flagged.filter((f, i) => f && !isShort(i) && !chosen.includes(i)).length}`);
  console.log(`flagged ${flagged.filter(Boolean).length}; min margin v1 ${Math.min(...p1.map(margin)).toExponential(2)} v2 ${Math.min(...p2.map(margin)).toExponential(2)}`);
  console.log(`all: v1 ${acc(correctOld, () => true)} v2 ${acc(correctNew, () => true)}`);
  console.log(`flagged: v1 ${acc(correctOld, (i) => flagged[i]!)} v2 ${acc(correctNew, (i) => flagged[i]!)}`);
  console.log(`clean: v1 ${acc(correctOld, (i) => !flagged[i])} v2 ${acc(correctNew, (i) => !flagged[i])}`);
  const clean = benchmark.map((_, i) => i).filter((i) => !flagged[i]);
  console.log('clean intervals', bootstrapAccuracy(clean.map((i) => correctOld[i]!), clean.map((i) => correctNew[i]!), { resamples: 1000, alpha: 0.05, seed: 2026 }));
  console.log('all intervals', bootstrapAccuracy(correctOld, correctNew, { resamples: 1000, alpha: 0.05, seed: 2026 }));

  const card = (name: string, vocabulary: string[], artifacts: Artifacts, description: string) => ({ name, description, labels: LABELS, vocabulary, artifacts });
  const models = {
    old: card('triage-v1', v1Vocabulary, v1, 'term frequencies over 120 tokens -> dense 16 relu -> dense 5 softmax; trained on the 700 v1 tickets'),
    new: card('triage-v2', v2Vocabulary, v2, 'term frequencies over 160 tokens -> dense 48 relu -> dense 5 softmax; trained on the v1 tickets and 320 scraped archive tickets'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'benchmark.json'), `${JSON.stringify({ labels: LABELS, items: benchmark.map(({ id, text, label }) => ({ id, text, label })) }).replaceAll('},{', '},\n{')}\n`);
  const documents = [...v1Training.map((t) => ({ source: 'v1-training', text: t.text })), ...scrape.map((t) => ({ source: 'archive-scrape', text: t.text }))];
  fs.writeFileSync(path.join(dataDir, 'corpus.json'), `${JSON.stringify({ documents: documents.map((d, i) => ({ id: `d${String(i + 1).padStart(4, '0')}`, ...d })) }).replaceAll('},{', '},\n{')}\n`);
  fs.writeFileSync(path.join(dataDir, 'models.json'), `${JSON.stringify(models)}\n`);
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify({ predictions })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
