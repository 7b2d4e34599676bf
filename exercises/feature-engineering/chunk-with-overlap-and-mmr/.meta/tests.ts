import fc from 'fast-check';
import { defineTests, generatedCases, isTensorData, testCase, type Checker, type HarnessHelpers, type Plain, type TensorData } from '@/lib/grading/test-api';
import { mulberry32 } from '@/lib/seeded-random';
import type * as tfjs from '@tensorflow/tfjs';
import encoder from '../data/encoder.json';
import corpus from '../data/corpus.json';

interface Span {
  start: number;
  end: number;
}
interface User {
  chunkSpans(length: number, chunkSize: number, overlap: number): Span[];
  embedSequences(model: tfjs.LayersModel, sequences: number[][], padId: number): tfjs.Tensor2D;
  mmrSelect(query: tfjs.Tensor1D, chunks: tfjs.Tensor2D, k: number, fetchK: number, lambda: number): number[];
}
interface ChunkCase {
  length: number;
  chunkSize: number;
  overlap: number;
}
/** The encoder's weights as plain data: an embedding table and one dense tanh layer. */
interface EncoderWeights {
  embedding: number[][];
  kernel: number[][];
  bias: number[];
}
interface EmbedCase {
  weights: EncoderWeights;
  padId: number;
  batches: number[][][];
}
interface MmrCase {
  query: number[];
  chunks: number[][];
  k: number;
  fetchK: number;
  lambda: number;
}
interface Settings {
  chunkSize: number;
  overlap: number;
  k: number;
  fetchK: number;
  lambda: number;
}
interface Fact {
  fact: string;
  spans: { doc: number; start: number; end: number }[];
}
interface PipelineCase {
  weights: EncoderWeights;
  padId: number;
  documents: number[][];
  queries: number[][];
  settings: Settings;
}

// ---- Host-side reference (float64) ----

function spans({ length, chunkSize, overlap }: ChunkCase, variant: 'rule' | 'no-stop' | 'full-last' = 'rule'): Span[] {
  const out: Span[] = [];
  for (let start = 0; start < length; start += chunkSize - overlap) {
    const end = Math.min(start + chunkSize, length);
    if (variant === 'full-last' && end - start < chunkSize && start > 0) out.push({ start: Math.max(0, length - chunkSize), end: length });
    else out.push({ start, end });
    if (variant !== 'no-stop' && end === length) break;
  }
  return out;
}

function encodePosition(id: number, w: EncoderWeights): number[] {
  const e = w.embedding[id]!;
  return w.bias.map((b, k) => Math.tanh(b + e.reduce((s, x, i) => s + x * w.kernel[i]![k]!, 0)));
}
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const unit = (v: number[]) => {
  const n = norm(v);
  return v.map((x) => (n === 0 ? 0 : x / n));
};
/** Mean over the real tokens (or every padded position), then unit length unless `raw`. */
function embed(sequences: number[][], w: EncoderWeights, padId: number, variant: 'rule' | 'padding' | 'raw' = 'rule'): number[][] {
  const width = Math.max(...sequences.map((s) => s.length));
  return sequences.map((s) => {
    const ids = variant === 'padding' ? [...s, ...new Array<number>(width - s.length).fill(padId)] : s;
    const sum = new Array<number>(w.bias.length).fill(0);
    ids.forEach((id) => encodePosition(id, w).forEach((x, k) => (sum[k]! += x)));
    const mean = sum.map((x) => x / ids.length);
    return variant === 'raw' ? mean : unit(mean);
  });
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const cos = (a: number[], b: number[]) => dot(unit(a), unit(b));

type Variant = 'rule' | 'top-k' | 'dot' | 'every-chunk';
/** Every score the rule compares, best first per decision, for the reference and for knife-edge checks. */
interface Decision {
  scores: { index: number; score: number }[];
  pickedIndex: number;
}
function mmrTrace({ query, chunks, k, fetchK, lambda }: MmrCase, variant: Variant = 'rule'): { picks: number[]; decisions: Decision[]; pool: { index: number; score: number }[] } {
  const sim = variant === 'dot' ? dot : cos;
  const ranked = chunks.map((c, index) => ({ index, score: sim(query, c) })).sort((a, b) => b.score - a.score || a.index - b.index);
  const pool = ranked.slice(0, Math.max(0, Math.min(variant === 'every-chunk' && fetchK > 0 ? chunks.length : fetchK, chunks.length)));
  if (variant === 'top-k') return { picks: pool.slice(0, Math.max(0, k)).map((p) => p.index), decisions: [], pool: ranked };
  const picks: number[] = [];
  const decisions: Decision[] = [];
  while (picks.length < Math.min(Math.max(0, k), pool.length)) {
    const scores = pool
      .filter((p) => !picks.includes(p.index))
      .map((p) => ({
        index: p.index,
        score: picks.length === 0 ? p.score : lambda * p.score - (1 - lambda) * Math.max(...picks.map((s) => sim(chunks[p.index]!, chunks[s]!))),
      }))
      .sort((a, b) => b.score - a.score || a.index - b.index);
    picks.push(scores[0]!.index);
    decisions.push({ scores, pickedIndex: scores[0]!.index });
  }
  return { picks, decisions, pool: ranked };
}
const mmr = (c: MmrCase, variant: Variant = 'rule') => mmrTrace(c, variant).picks;

/** True when every decision's winner is ahead of every other score by 1e-4, or ties it with an identical vector. */
function clearOfKnifeEdges(c: MmrCase): boolean {
  const { decisions, pool } = mmrTrace(c);
  const same = (a: number, b: number) => c.chunks[a]!.every((x, j) => x === c.chunks[b]![j]);
  const clear = (scores: { index: number; score: number }[], at: number) =>
    scores.every((s, i) => i === at || Math.abs(s.score - scores[at]!.score) > 1e-4 || same(s.index, scores[at]!.index));
  const cut = Math.min(c.fetchK, c.chunks.length);
  const poolClear = cut <= 0 || cut >= pool.length || clear(pool, cut - 1);
  return poolClear && decisions.every((d) => clear(d.scores, 0));
}

// ---- Checks ----

const show = (value: unknown) => JSON.stringify(value);

function checkSpans(actual: unknown, c: ChunkCase, t: Checker, where: string): void {
  const want = spans(c);
  const got = Array.isArray(actual) ? (actual as unknown[]).map((s) => (s && typeof s === 'object' ? { start: (s as Span).start, end: (s as Span).end } : s)) : actual;
  if (show(got) === show(want)) return;
  const detail = { expected: show(want), actual: show(got) };
  const context = `${c.length} tokens, chunkSize ${c.chunkSize}, overlap ${c.overlap}`;
  t.that(Array.isArray(got), `chunkSpans (${where}) should return an array of { start, end } spans`);
  t.that(!(c.length === 0 && (got as unknown[]).length > 0), `chunkSpans (${where}): an empty document has no chunks`, { ...detail, visibleProperty: `chunkSpans (${context}): an empty document has no chunks` });
  t.that(
    !(c.length > 0 && c.length <= c.chunkSize && show(got) !== show(want)),
    `chunkSpans (${where}): a document of at most chunkSize tokens is one chunk holding all of it`,
    { ...detail, visibleProperty: `chunkSpans (${context}): a document of at most chunkSize tokens is one chunk holding all of it` },
  );
  t.that(
    show(got) !== show(spans(c, 'no-stop')),
    `chunkSpans (${where}): the first chunk that reaches the end of the document is the last one (a chunk after it lies wholly inside its overlap)`,
    { ...detail, visibleProperty: `chunkSpans (${context}): the first chunk that reaches the end of the document is the last one (a chunk after it lies wholly inside its overlap)` },
  );
  t.that(
    show(got) !== show(spans(c, 'full-last')),
    `chunkSpans (${where}): the last chunk starts on the stride like the others and ends at the document's end, shorter if need be (do not move it back)`,
    { ...detail, visibleProperty: `chunkSpans (${context}): the last chunk starts on the stride like the others and ends at the document's end, shorter if need be` },
  );
  t.that(false, `chunkSpans (${where}): chunks start at 0 and every chunkSize - overlap tokens after it, each chunkSize tokens long`, {
    ...detail,
    visibleProperty: `chunkSpans (${context}): chunks start at 0 and every chunkSize - overlap tokens after it, each chunkSize tokens long`,
  });
}

function asTensor(value: unknown, t: Checker, what: string): TensorData {
  t.that(isTensorData(value), `${what} should be a tf.Tensor`);
  return value as TensorData;
}
const close = (a: number[], b: number[]) => a.length === b.length && a.every((x, k) => Math.abs(x - b[k]!) <= 1e-4);

function checkEmbedded(actual: unknown, sequences: number[][], w: EncoderWeights, padId: number, t: Checker, where: string): void {
  const what = `embedSequences (${where})`;
  const out = asTensor(actual, t, what);
  const want = embed(sequences, w, padId);
  t.dtype(out, 'float32', { what });
  t.shape(out, [want.length, w.bias.length], { what: `${what}: shape [sequences, dim]` });
  const got = out.values as number[][];
  want.forEach((row, b) => {
    if (close(got[b]!, row)) return;
    t.that(!close(got[b]!, embed(sequences, w, padId, 'padding')[b]!), `${what}: the mean includes padding: average the encoder's outputs over the real tokens only`);
    t.that(!close(got[b]!, embed(sequences, w, padId, 'raw')[b]!), `${what}: each row must have unit length (divide the mean by its L2 norm), so that a dot product is the cosine`);
    t.that(false, `${what}: each row is the unit-length mean of the encoder's outputs over the sequence's tokens`, {
      expected: `[${row.map((x) => x.toFixed(4)).join(', ')}]`,
      actual: `[${(got[b] ?? []).map((x) => Number(x).toFixed(4)).join(', ')}]`,
    });
  });
}

interface EmbedOutcome {
  outputs: unknown[];
  calls: number;
  batchSizes: number[];
}
function checkEmbeds(actual: unknown, c: EmbedCase, t: Checker, where: string): void {
  const out = actual as EmbedOutcome;
  t.that(out !== null && typeof out === 'object' && Array.isArray(out.outputs), `embedSequences (${where}) should return a tf.Tensor2D`);
  c.batches.forEach((sequences, i) => checkEmbedded(out.outputs[i], sequences, c.weights, c.padId, t, where));
  t.that(
    out.calls === c.batches.length && show(out.batchSizes) === show(c.batches.map((b) => b.length)),
    `embedSequences (${where}): run model.predict once per call, on all the sequences padded into one batch`,
    { expected: `batch sizes ${show(c.batches.map((b) => b.length))}`, actual: `batch sizes ${show(out.batchSizes)}` },
  );
}

function checkSelection(actual: unknown, c: MmrCase, t: Checker, where: string): void {
  const want = mmr(c);
  if (show(actual) === show(want)) return;
  const detail = { expected: show(want), actual: show(actual) };
  const context = `k ${c.k}, fetchK ${c.fetchK}, lambda ${c.lambda}, ${c.chunks.length} chunks`;
  const say = (property: string) => ({ ...detail, visibleProperty: `mmrSelect (${context}): ${property}` });
  t.that(Array.isArray(actual), `mmrSelect (${where}) should return an array of chunk indices`);
  const topK = mmr(c, 'top-k');
  const topKMessage = 'this is the plain top-k by similarity: re-rank the fetchK candidates with MMR, penalising similarity to the chunks already picked';
  t.that(show(actual) !== show(topK), `mmrSelect (${where}): ${topKMessage}`, say(topKMessage));
  const dotMessage = 'similarities must be cosines (divide by both norms; a zero vector has similarity 0), not raw dot products';
  t.that(show(actual) !== show(mmr(c, 'dot')), `mmrSelect (${where}): ${dotMessage}`, say(dotMessage));
  const poolMessage = 'only the fetchK chunks most similar to the query are candidates for MMR';
  t.that(show(actual) !== show(mmr(c, 'every-chunk')), `mmrSelect (${where}): ${poolMessage}`, say(poolMessage));
  const ruleMessage = 'picks the chunk most similar to the query first, then the candidate with the highest lambda * sim(query, c) - (1 - lambda) * max sim(c, picked), lower index on ties';
  t.that(false, `mmrSelect (${where}): ${ruleMessage}`, say(ruleMessage));
}

// ---- Drivers (self-contained: they run in the sandbox) ----

const chunkDriver = (user: User, input: { cases: ChunkCase[] }) => input.cases.map((c) => user.chunkSpans(c.length, c.chunkSize, c.overlap));

const embedDriver = (user: User, input: EmbedCase, h: HarnessHelpers) => {
  const tf = h.tf;
  const w = input.weights;
  const model = h.own(
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: w.embedding.length, outputDim: w.kernel.length, inputShape: [null] }),
        tf.layers.dense({ units: w.bias.length, activation: 'tanh' }),
      ],
    }),
  );
  model.setWeights([h.tensor(w.embedding), h.tensor(w.kernel), h.tensor(w.bias)]);
  const stats = h.countPredictCalls(model);
  const outputs = input.batches.map((sequences) => user.embedSequences(model, sequences, input.padId));
  return { outputs, calls: stats.calls, batchSizes: stats.batchSizes.slice() };
};

const mmrDriver = (user: User, input: { cases: MmrCase[] }, h: HarnessHelpers) =>
  input.cases.map((c) => {
    const dim = c.query.length;
    const query = h.tensor(c.query, [dim]) as tfjs.Tensor1D;
    const chunks = h.tensor(c.chunks.flat(), [c.chunks.length, dim]) as tfjs.Tensor2D;
    return user.mmrSelect(query, chunks, c.k, c.fetchK, c.lambda);
  });

/** The whole ingestion and search: chunk every document, embed chunks and queries, select with MMR. */
const pipelineDriver = (user: User, input: PipelineCase, h: HarnessHelpers) => {
  const tf = h.tf;
  const w = input.weights;
  const model = h.own(
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: w.embedding.length, outputDim: w.kernel.length, inputShape: [null] }),
        tf.layers.dense({ units: w.bias.length, activation: 'tanh' }),
      ],
    }),
  );
  model.setWeights([h.tensor(w.embedding), h.tensor(w.kernel), h.tensor(w.bias)]);
  const s = input.settings;
  const spansByDoc = input.documents.map((tokens) => user.chunkSpans(tokens.length, s.chunkSize, s.overlap));
  const chunks: { doc: number; start: number; end: number }[] = [];
  spansByDoc.forEach((list, doc) => list.forEach((span) => chunks.push({ doc, start: span.start, end: span.end })));
  const chunkVectors = h.own(user.embedSequences(model, chunks.map((c) => input.documents[c.doc]!.slice(c.start, c.end)), input.padId));
  const queryVectors = h.own(user.embedSequences(model, input.queries, input.padId));
  const selections = input.queries.map((_, q) => {
    const query = h.own(tf.gather(queryVectors, q)) as unknown as tfjs.Tensor1D;
    return user.mmrSelect(query, chunkVectors, s.k, s.fetchK, s.lambda).map((i) => chunks[i] ?? null);
  });
  return { spansByDoc, selections };
};

// ---- Data ----

const weights: EncoderWeights = { embedding: encoder.embedding, kernel: encoder.dense.kernel, bias: encoder.dense.bias };
const settings: Settings = corpus.settings;
const documents = corpus.documents.map((d) => d.tokens);
const queries = corpus.queries.map((q) => q.tokens);
const facts: Fact[][] = corpus.queries.map((q) => q.facts);

/** The reference pipeline on the host: chunks, then selections with their fact coverage. */
function referencePipeline(c: PipelineCase, lambda = c.settings.lambda) {
  const chunks = c.documents.flatMap((tokens, doc) => spans({ length: tokens.length, chunkSize: c.settings.chunkSize, overlap: c.settings.overlap }).map((s) => ({ doc, ...s })));
  const vectors = embed(chunks.map((ch) => c.documents[ch.doc]!.slice(ch.start, ch.end)), c.weights, c.padId);
  const queryVectors = embed(c.queries, c.weights, c.padId);
  return queryVectors.map((query) => mmr({ query, chunks: vectors, k: c.settings.k, fetchK: c.settings.fetchK, lambda }).map((i) => chunks[i]!));
}
type Picked = { doc: number; start: number; end: number } | null;
const covered = (selection: Picked[], judged: Fact[]) =>
  judged.filter((f) => f.spans.some((s) => selection.some((c) => c !== null && c.doc === s.doc && c.start <= s.start && s.end <= c.end))).length;
const distinctDocs = (selection: Picked[]) => new Set(selection.filter((c) => c !== null).map((c) => c!.doc)).size;

function checkPipeline(actual: unknown, c: PipelineCase, judged: Fact[][], t: Checker, where: string): void {
  const got = (actual ?? {}) as { spansByDoc?: unknown[]; selections?: Picked[][] };
  t.that(Array.isArray(got.spansByDoc) && Array.isArray(got.selections), `the search pipeline (${where}) should give chunks and selections`);
  c.documents.forEach((tokens, doc) => checkSpans(got.spansByDoc![doc], { length: tokens.length, chunkSize: c.settings.chunkSize, overlap: c.settings.overlap }, t, where));
  const want = referencePipeline(c);
  const total = judged.reduce((s, f) => s + f.length, 0);
  const recall = (selections: Picked[][]) => selections.reduce((s, sel, q) => s + covered(sel, judged[q]!), 0);
  const docs = (selections: Picked[][]) => selections.reduce((s, sel) => s + distinctDocs(sel), 0);
  const gotRecall = recall(got.selections!);
  const wantRecall = recall(want);
  t.that(show(got.selections) === show(want), `the search pipeline (${where}): the chunks selected for each query are those of chunking with overlap, unit-length embeddings and MMR`, {
    expected: `judged facts found ${wantRecall} of ${total}, ${docs(want)} distinct articles over the queries`,
    actual: `judged facts found ${gotRecall} of ${total}, ${docs(got.selections!)} distinct articles over the queries`,
  });
}

const pipelineCase: PipelineCase = { weights, padId: encoder.padId, documents, queries, settings };
/** Four of the articles (the others emptied: they make no chunks), smaller chunks, a larger k and a low lambda. */
const copiesCase: PipelineCase = {
  ...pipelineCase,
  documents: documents.map((tokens, doc) => ([0, 1, 3, 6].includes(doc) ? tokens : [])),
  queries: queries.slice(0, 2),
  settings: { chunkSize: 11, overlap: 4, k: 5, fetchK: 8, lambda: 0.3 },
};

// ---- Hand-written cases ----

const visibleChunks: ChunkCase[] = [
  { length: 20, chunkSize: 8, overlap: 3 },
  { length: 18, chunkSize: 8, overlap: 3 },
  { length: 6, chunkSize: 8, overlap: 3 },
  { length: 16, chunkSize: 4, overlap: 0 },
];
const edgeChunks: ChunkCase[] = [
  { length: 0, chunkSize: 5, overlap: 2 },
  { length: 1, chunkSize: 5, overlap: 2 },
  { length: 5, chunkSize: 5, overlap: 2 },
  { length: 6, chunkSize: 5, overlap: 2 },
  { length: 8, chunkSize: 5, overlap: 2 },
  { length: 9, chunkSize: 5, overlap: 2 },
  { length: 7, chunkSize: 1, overlap: 0 },
  { length: 10, chunkSize: 4, overlap: 3 },
];
const lastChunks: ChunkCase[] = [
  { length: 10, chunkSize: 4, overlap: 2 },
  { length: 11, chunkSize: 4, overlap: 2 },
  { length: 43, chunkSize: 14, overlap: 6 },
  { length: 30, chunkSize: 14, overlap: 6 },
  { length: 29, chunkSize: 7, overlap: 5 },
];

const visibleEmbed: EmbedCase = { weights, padId: encoder.padId, batches: [documents.slice(0, 4).map((d) => d.slice(0, 14)), queries] };
const raggedEmbed: EmbedCase = { weights, padId: encoder.padId, batches: [[[5], documents[3]!.slice(0, 20), [40, 41]], [[5]], [[40, 41], [5]]] };

/** Three identical copies among the chunks: MMR must skip the copies and ties go to the lower index. */
const visibleMmr: MmrCase[] = [
  { query: [1, 0, 0], chunks: [[0.9, 0.1, 0], [0.9, 0.1, 0], [0.9, 0.1, 0], [0.5, 0, 0.8], [0, 1, 0]], k: 3, fetchK: 5, lambda: 0.5 },
  { query: [1, 0, 0], chunks: [[0.9, 0.1, 0], [0.9, 0.1, 0], [0.9, 0.1, 0], [0.5, 0, 0.8], [0, 1, 0]], k: 3, fetchK: 5, lambda: 1 },
];
const cosineMmr: MmrCase[] = [
  { query: [2, 0], chunks: [[10, 6], [0.5, 0.1], [0, 0], [3, -3], [0.45, 0.1]], k: 4, fetchK: 4, lambda: 0.7 },
  { query: [0, 0], chunks: [[1, 0], [0, 1]], k: 2, fetchK: 2, lambda: 0.5 },
];
const firstPickMmr: MmrCase[] = [
  { query: [1, 0.2], chunks: [[0, 1], [1, 0.1], [1, 0.3], [-1, 0.2]], k: 3, fetchK: 4, lambda: 0 },
  { query: [1, 0.2], chunks: [[0, 1], [1, 0.1], [1, 0.3], [-1, 0.2]], k: 2, fetchK: 4, lambda: 0.25 },
];
const poolMmr: MmrCase[] = [
  { query: [1, 0], chunks: [[1, 0.05], [1, 0.06], [0.2, 1], [1, -0.04], [-1, 0]], k: 2, fetchK: 2, lambda: 0.5 },
  { query: [1, 0], chunks: [[1, 0.05], [1, 0.06], [0.2, 1]], k: 5, fetchK: 10, lambda: 0.5 },
  { query: [1, 0], chunks: [[1, 0.05], [1, 0.06]], k: 0, fetchK: 2, lambda: 0.5 },
  { query: [1, 0], chunks: [[1, 0.05], [1, 0.06]], k: 2, fetchK: 0, lambda: 0.5 },
  { query: [1, 0], chunks: [], k: 3, fetchK: 3, lambda: 0.5 },
];
const tieMmr: MmrCase[] = [
  { query: [1, 1], chunks: [[0, 1], [1, 0], [1, 0], [0, 1], [1, 1]], k: 5, fetchK: 5, lambda: 0.5 },
  { query: [1, 0], chunks: [[0, 1], [0, -1], [0, 1]], k: 3, fetchK: 3, lambda: 0.8 },
  // At lambda 0, rows 0 and 1 both score exactly 0 after row 2; row 1 is more relevant, so it comes first among the candidates, but row 0 wins the tie.
  { query: [1, 0.1, 0.2], chunks: [[0, 1, 0], [0, 0, 1], [1, 0, 0]], k: 3, fetchK: 3, lambda: 0 },
];

// ---- Generated cases ----

/** Lengths 0 to 60, chunk sizes 1 to 16 and every overlap from 0 to chunkSize - 1, exact multiples of the stride included. */
const generatedChunkInput = fc
  .record({ chunkSize: fc.integer({ min: 1, max: 16 }), overlapShare: fc.integer({ min: 0, max: 100 }), lengthKind: fc.integer({ min: 0, max: 4 }), length: fc.integer({ min: 0, max: 60 }), steps: fc.integer({ min: 0, max: 5 }) })
  .map(({ chunkSize, overlapShare, lengthKind, length, steps }): { cases: ChunkCase[] } => {
    const overlap = Math.min(chunkSize - 1, Math.floor((overlapShare / 100) * chunkSize));
    const stride = chunkSize - overlap;
    const lengths = [length, chunkSize, chunkSize + steps * stride, chunkSize + steps * stride + 1, Math.max(0, chunkSize - 1)];
    return { cases: [{ length: lengths[lengthKind]!, chunkSize, overlap }] };
  });

/** A generated encoder (vocabularies of 3 to 30 ids, 1 to 8 dimensions, [PAD] anywhere) and batches of 1 to 6 sequences of 1 to 9 ids. */
const generatedEmbedInput = fc
  .record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), size: fc.integer({ min: 3, max: 30 }), dim: fc.integer({ min: 1, max: 8 }), batches: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }) })
  .map(({ seed, size, dim, batches }): EmbedCase => {
    const random = mulberry32(seed);
    const value = () => Math.round((random() * 4 - 2) * 1000) / 1000;
    const id = () => Math.floor(random() * size);
    return {
      weights: {
        embedding: Array.from({ length: size }, () => Array.from({ length: dim }, value)),
        kernel: Array.from({ length: dim }, () => Array.from({ length: dim }, () => value() / 2)),
        bias: Array.from({ length: dim }, () => value() / 10),
      },
      padId: id(),
      batches: batches.map((n) => Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(random() * 9) }, id))),
    };
  })
  .filter((c) => c.batches.every((b) => embed(b, c.weights, c.padId, 'raw').every((row) => norm(row) > 1e-3)));

/** 0 to 14 chunks of 1 to 8 dimensions, copies and zero vectors among them, k and fetchK from 0 past the count, lambda 0 to 1; no near-ties the rule does not decide. */
const generatedMmrInput = fc
  .record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    n: fc.integer({ min: 0, max: 14 }),
    dim: fc.integer({ min: 1, max: 8 }),
    k: fc.integer({ min: 0, max: 16 }),
    fetchK: fc.integer({ min: 0, max: 16 }),
    lambda: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.integer({ min: 0, max: 100 }).map((x) => x / 100)),
  })
  .map(({ seed, n, dim, k, fetchK, lambda }): { cases: MmrCase[] } => {
    const random = mulberry32(seed);
    const vector = () => Array.from({ length: dim }, () => Math.round((random() * 2 - 1) * 100) / 100);
    const chunks: number[][] = [];
    for (let i = 0; i < n; i += 1) {
      const r = random();
      chunks.push(r < 0.15 && i > 0 ? [...chunks[Math.floor(random() * i)]!] : r < 0.2 ? new Array<number>(dim).fill(0) : vector().map((x) => x * (1 + Math.floor(random() * 4))));
    }
    return { cases: [{ query: vector(), chunks, k, fetchK, lambda }] };
  })
  .filter(({ cases }) => cases.every(clearOfKnifeEdges));

export default defineTests<User>()([
  testCase({
    id: 'chunks-with-overlap',
    name: 'chunkSpans starts a chunk every chunkSize - overlap tokens and stops at the chunk that reaches the end',
    visible: true,
    rules: ['chunk-stride', 'last-chunk', 'short-document'],
    input: { cases: visibleChunks },
    run: chunkDriver,
    check: (actual, t) => visibleChunks.forEach((c, i) => checkSpans((actual as Plain[])[i], c, t, 'the examples of the prompt')),
  }),
  testCase({
    id: 'embeds-unit-length-means',
    name: 'embedSequences pads with [PAD], runs the encoder once and returns unit-length means over the real tokens',
    visible: true,
    rules: ['masked-mean-embedding', 'unit-length'],
    input: visibleEmbed,
    run: embedDriver,
    check: (actual, t) => checkEmbeds(actual, visibleEmbed, t, 'the first chunks of four articles, and the queries'),
  }),
  testCase({
    id: 'mmr-skips-copies',
    name: 'mmrSelect skips the copies of a chunk it already picked (lambda 0.5), and is the plain top-k at lambda 1',
    visible: true,
    rules: ['mmr-score', 'cosine-candidates'],
    input: { cases: visibleMmr },
    run: mmrDriver,
    check: (actual, t) => visibleMmr.forEach((c, i) => checkSelection((actual as Plain[])[i], c, t, 'three copies among five chunks')),
  }),
  testCase({
    id: 'searches-the-help-centre',
    name: 'the whole search on the help-centre articles selects the reference chunks (judged facts found, distinct articles)',
    visible: true,
    rules: ['chunk-stride', 'last-chunk', 'masked-mean-embedding', 'unit-length', 'cosine-candidates', 'mmr-score'],
    input: pipelineCase,
    run: pipelineDriver,
    check: (actual, t) => checkPipeline(actual, pipelineCase, facts, t, 'the help-centre articles, settings of corpus.json'),
  }),
  testCase({
    id: 'chunk-edges',
    name: 'empty, one-token and exactly-chunkSize documents, one-token chunks and an overlap of chunkSize - 1',
    visible: false,
    rules: ['short-document', 'chunk-stride', 'last-chunk'],
    input: { cases: edgeChunks },
    run: chunkDriver,
    check: (actual, t) => edgeChunks.forEach((c, i) => checkSpans((actual as Plain[])[i], c, t, 'a document at an edge of the rules')),
  }),
  testCase({
    id: 'last-chunk-reaches-the-end',
    name: 'no chunk after the one that reaches the end, and the last chunk is not moved back to be full',
    visible: false,
    rules: ['last-chunk'],
    input: { cases: lastChunks },
    run: chunkDriver,
    check: (actual, t) => lastChunks.forEach((c, i) => checkSpans((actual as Plain[])[i], c, t, 'a document whose end falls inside an overlap')),
  }),
  testCase({
    id: 'rejects-invalid-chunking',
    name: 'chunkSpans throws when chunkSize or overlap cannot make progress',
    visible: false,
    rules: ['invalid-chunking'],
    input: { settings: [[0, 0], [4, 4], [4, 5], [4, -1], [2.5, 0], [4, 1.5], [Number.NaN, 0]] },
    run: (user: User, input: { settings: number[][] }) =>
      input.settings.map(([chunkSize, overlap]) => {
        try {
          user.chunkSpans(10, chunkSize!, overlap!);
          return '';
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      }),
    check: (actual, t) =>
      t.that(
        Array.isArray(actual) && actual.every((m) => typeof m === 'string' && m.includes('invalid chunking')),
        'chunkSpans should throw an Error containing "invalid chunking" when chunkSize is not a whole number of at least 1 or overlap is not a whole number from 0 to chunkSize - 1',
      ),
  }),
  testCase({
    id: 'embedding-ignores-batch-companions',
    name: 'a short sequence gets the same embedding alone as next to a long one (one forward pass per call)',
    visible: false,
    rules: ['masked-mean-embedding', 'unit-length', 'tensors'],
    input: raggedEmbed,
    run: embedDriver,
    check: (actual, t) => checkEmbeds(actual, raggedEmbed, t, 'sequences of other lengths in one batch'),
  }),
  testCase({
    id: 'cosine-not-dot-product',
    name: 'mmrSelect ranks by cosine similarity: long vectors do not win by length, and zero vectors have similarity 0',
    visible: false,
    rules: ['cosine-candidates'],
    input: { cases: cosineMmr },
    run: mmrDriver,
    check: (actual, t) => cosineMmr.forEach((c, i) => checkSelection((actual as Plain[])[i], c, t, 'vectors of other lengths')),
  }),
  testCase({
    id: 'first-pick-is-most-similar',
    name: 'the first pick is the chunk most similar to the query, even at lambda 0',
    visible: false,
    rules: ['mmr-score'],
    input: { cases: firstPickMmr },
    run: mmrDriver,
    check: (actual, t) => firstPickMmr.forEach((c, i) => checkSelection((actual as Plain[])[i], c, t, 'low lambda')),
  }),
  testCase({
    id: 'candidate-pool-and-counts',
    name: 'only the fetchK most similar chunks are candidates; k or fetchK of 0, or no chunks, select nothing; fewer candidates than k select them all',
    visible: false,
    rules: ['cosine-candidates', 'mmr-score'],
    input: { cases: poolMmr },
    run: mmrDriver,
    check: (actual, t) => poolMmr.forEach((c, i) => checkSelection((actual as Plain[])[i], c, t, 'pool sizes at their limits')),
  }),
  testCase({
    id: 'ties-go-to-the-lower-index',
    name: 'equal scores (copies of a chunk) are broken by the lower chunk index, in the candidate pool and in MMR',
    visible: false,
    rules: ['mmr-score', 'cosine-candidates'],
    input: { cases: tieMmr },
    run: mmrDriver,
    check: (actual, t) => tieMmr.forEach((c, i) => checkSelection((actual as Plain[])[i], c, t, 'copies with equal scores')),
  }),
  testCase({
    id: 'rejects-lambda-outside-zero-one',
    name: 'mmrSelect throws when lambda is below 0, above 1 or not a number',
    visible: false,
    rules: ['lambda-range'],
    input: { lambdas: [-0.1, 1.5, Number.NaN] },
    run: (user: User, input: { lambdas: number[] }, h: HarnessHelpers) =>
      input.lambdas.map((lambda) => {
        try {
          user.mmrSelect(h.tensor([1, 0], [2]) as tfjs.Tensor1D, h.tensor([[1, 0]]) as tfjs.Tensor2D, 1, 1, lambda);
          return '';
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      }),
    check: (actual, t) =>
      t.that(
        Array.isArray(actual) && actual.every((m) => typeof m === 'string' && m.includes('lambda must be between 0 and 1')),
        'mmrSelect should throw an Error containing "lambda must be between 0 and 1" for a lambda outside [0, 1] or NaN',
      ),
  }),
  testCase({
    id: 'searches-with-other-settings',
    name: 'the whole search over four articles (empty documents among them) with smaller chunks, a larger k and a low lambda selects the reference chunks',
    visible: false,
    rules: ['chunk-stride', 'last-chunk', 'short-document', 'cosine-candidates', 'mmr-score', 'tensors'],
    input: copiesCase,
    run: pipelineDriver,
    check: (actual, t) => checkPipeline(actual, copiesCase, facts.slice(0, 2), t, 'four articles, other settings'),
  }),
  generatedCases({
    id: 'chunks-generated-documents-like-the-reference',
    name: 'chunks like the reference for generated lengths, chunk sizes and overlaps (ends on the stride, short and empty documents)',
    rules: ['chunk-stride', 'last-chunk', 'short-document'],
    input: generatedChunkInput,
    examples: [{ cases: [{ length: 0, chunkSize: 1, overlap: 0 }] }, { cases: [{ length: 13, chunkSize: 5, overlap: 4 }] }],
    count: 22,
    perCase: 8,
    run: chunkDriver,
    what: 'chunk spans',
    compare: (actual, _expected, t, input) => input.cases.forEach((c, i) => checkSpans((actual as Plain[])[i], c, t, 'a generated document')),
  }),
  generatedCases({
    id: 'embeds-generated-batches-like-the-reference',
    name: 'embeds like the reference with generated encoders of 1 to 8 dimensions, [PAD] anywhere, one forward pass per call',
    rules: ['masked-mean-embedding', 'unit-length', 'tensors'],
    input: generatedEmbedInput,
    count: 6,
    perCase: 3,
    run: embedDriver,
    what: 'embeddings',
    compare: (actual, _expected, t, input) => checkEmbeds(actual, input, t, 'a generated encoder'),
  }),
  generatedCases({
    id: 'selects-generated-chunks-like-the-reference',
    name: 'selects like the reference for generated chunk vectors (copies, zero vectors), k, fetchK and lambda',
    rules: ['cosine-candidates', 'mmr-score', 'tensors'],
    input: generatedMmrInput,
    examples: [{ cases: [{ query: [1, 0], chunks: [[1, 0], [1, 0], [0.6, 0.8]], k: 3, fetchK: 3, lambda: 0 }] }],
    count: 31,
    perCase: 8,
    run: mmrDriver,
    what: 'selected chunk indices',
    compare: (actual, _expected, t, input) => input.cases.forEach((c, i) => checkSelection((actual as Plain[])[i], c, t, 'generated vectors')),
  }),
]);
