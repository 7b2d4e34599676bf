import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import encoder from '../data/encoder.json';
import requestJson from '../data/request.json';

interface Tokenizer {
  vocab: string[];
  maxCharsPerWord: number;
}
interface Turn {
  role: 'user' | 'assistant';
  text: string;
}
interface PromptRequest {
  system: string;
  history: Turn[];
  query: string;
  chunks: string[];
}
interface Budget {
  contextWindow: number;
  answerReserve: number;
  minChunkTokens: number;
}
interface RankedChunk {
  index: number;
  score: number;
}
interface PromptParts {
  system: string[];
  history: string[][];
  query: string[];
  ranked: string[][];
}
interface Counts {
  system: number;
  history: number;
  chunks: number;
  query: number;
  total: number;
}
interface PackedPrompt {
  tokens: string[];
  history: number[];
  chunks: { tokens: number; truncated: boolean }[];
  counts: Counts;
}
interface BuiltPrompt {
  ids: number[];
  chunks: { index: number; score: number; tokens: number; truncated: boolean }[];
  history: number[];
  counts: Counts;
}
interface User {
  rankChunks(model: tfjs.LayersModel, tokenizer: Tokenizer, query: string, chunks: string[]): RankedChunk[];
  packPrompt(parts: PromptParts, budget: Budget): PackedPrompt;
  buildPrompt(model: tfjs.LayersModel, tokenizer: Tokenizer, request: PromptRequest, budget: Budget): BuiltPrompt;
}
/** The encoder's weights as plain data: an embedding table and one dense tanh layer. */
interface Weights {
  embedding: number[][];
  kernel: number[][];
  bias: number[];
}

// ---- Data ----

const tokenizer: Tokenizer = { vocab: encoder.vocab, maxCharsPerWord: encoder.maxCharsPerWord };
const weights: Weights = { embedding: encoder.embedding, kernel: encoder.dense.kernel, bias: encoder.dense.bias };
const request = requestJson as { settings: Budget } & PromptRequest;
const budget: Budget = request.settings;

// ---- Host-side reference (float64) ----

function tokenizeOracle(text: string, tk: Tokenizer): string[] {
  const known = new Set(tk.vocab);
  const words = text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '').match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  return words.flatMap((word) => {
    const chars = Array.from(word);
    if (chars.length > tk.maxCharsPerWord) return ['[UNK]'];
    const pieces: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      while (end > start && !known.has((start > 0 ? '##' : '') + chars.slice(start, end).join(''))) end -= 1;
      if (end === start) return ['[UNK]'];
      pieces.push((start > 0 ? '##' : '') + chars.slice(start, end).join(''));
      start = end;
    }
    return pieces;
  });
}

const firstIds = (vocab: string[]) => new Map([...vocab.entries()].reverse().map(([i, token]) => [token, i] as const));

function embedOracle(text: string, tk: Tokenizer, w: Weights): number[] {
  const ids = firstIds(tk.vocab);
  const sequence = ['[CLS]', ...tokenizeOracle(text, tk), '[SEP]'].map((token) => ids.get(token)!);
  const dim = w.bias.length;
  const sum = new Array<number>(dim).fill(0);
  for (const id of sequence) {
    const e = w.embedding[id]!;
    for (let j = 0; j < dim; j += 1) sum[j]! += Math.tanh(e.reduce((s, v, i) => s + v * w.kernel[i]![j]!, w.bias[j]!));
  }
  return sum.map((v) => v / sequence.length);
}

function cosine(a: number[], b: number[]): number {
  const na = Math.hypot(...a);
  const nb = Math.hypot(...b);
  return na === 0 || nb === 0 ? 0 : a.reduce((s, v, i) => s + v * b[i]!, 0) / (na * nb);
}

function rankOracle(tk: Tokenizer, w: Weights, query: string, chunks: string[]): RankedChunk[] {
  const q = embedOracle(query, tk, w);
  return chunks.map((chunk, index) => ({ index, score: cosine(q, embedOracle(chunk, tk, w)) })).sort((a, b) => b.score - a.score || a.index - b.index);
}

function packOracle(parts: PromptParts, b: Budget): PackedPrompt | { error: true } {
  const limit = b.contextWindow - b.answerReserve;
  const system = parts.system.length + 2;
  const query = parts.query.length + 1;
  if (system + query > limit) return { error: true };
  let room = limit - system - query;
  const turns: string[][] = [];
  for (const turn of [...parts.history].reverse()) {
    if (turn.length + 1 > room) break;
    turns.unshift(turn);
    room -= turn.length + 1;
  }
  const chunks: string[][] = [];
  const truncated: boolean[] = [];
  for (const chunk of parts.ranked) {
    if (chunk.length + 1 <= room) {
      chunks.push(chunk);
      truncated.push(false);
      room -= chunk.length + 1;
      continue;
    }
    let keep = Math.max(room - 1, 0);
    while (keep > 0 && (chunk[keep] ?? '').startsWith('##')) keep -= 1;
    if (keep >= b.minChunkTokens) {
      chunks.push(chunk.slice(0, keep));
      truncated.push(true);
    }
    break;
  }
  const tokens = ['[CLS]', ...parts.system, '[SEP]', ...chunks.flatMap((c) => [...c, '[SEP]']), ...turns.flatMap((t) => [...t, '[SEP]']), ...parts.query, '[SEP]'];
  const history = turns.map((t) => t.length + 1);
  const chunkCounts = chunks.map((c, i) => ({ tokens: c.length + 1, truncated: truncated[i]! }));
  const sum = (values: number[]) => values.reduce((x, y) => x + y, 0);
  return { tokens, history, chunks: chunkCounts, counts: { system, history: sum(history), chunks: sum(chunkCounts.map((c) => c.tokens)), query, total: tokens.length } };
}

function buildOracle(tk: Tokenizer, w: Weights, req: PromptRequest, b: Budget): BuiltPrompt | { error: true } {
  const ranking = rankOracle(tk, w, req.query, req.chunks);
  const packed = packOracle(
    { system: tokenizeOracle(req.system, tk), history: req.history.map((t) => tokenizeOracle(t.text, tk)), query: tokenizeOracle(req.query, tk), ranked: ranking.map((r) => tokenizeOracle(req.chunks[r.index]!, tk)) },
    b,
  );
  if ('error' in packed) return packed;
  const ids = firstIds(tk.vocab);
  return { ids: packed.tokens.map((t) => ids.get(t)!), chunks: packed.chunks.map((c, i) => ({ ...ranking[i]!, ...c })), history: packed.history, counts: packed.counts };
}

// ---- Drivers (self-contained: they run in the sandbox) ----

/** The encoder as the server builds it, harness-owned, with a counter of its forward passes. */
const rankDriver = (user: User, input: { weights: Weights; tokenizer: Tokenizer; query: string; chunks: string[] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const w = input.weights;
  const model = h.own(
    tf.sequential({ layers: [tf.layers.embedding({ inputDim: w.embedding.length, outputDim: w.kernel.length, inputShape: [null] }), tf.layers.dense({ units: w.bias.length, activation: 'tanh' })] }),
  );
  model.setWeights([h.tensor(w.embedding), h.tensor(w.kernel), h.tensor(w.bias)]);
  const stats = h.countPredictCalls(model);
  const ranking = user.rankChunks(model, input.tokenizer, input.query, input.chunks);
  return { ranking: ranking.map((r) => ({ index: r.index, score: r.score })), calls: stats.calls, batchSizes: stats.batchSizes.slice() };
};

const packDriver = (user: User, input: { parts: PromptParts; budget: Budget }) => {
  try {
    return user.packPrompt(input.parts, input.budget);
  } catch (error) {
    return { error: error instanceof Error && /does not fit/.test(error.message) };
  }
};

const buildDriver = (user: User, input: { weights: Weights; tokenizer: Tokenizer; request: PromptRequest; budget: Budget }, h: HarnessHelpers) => {
  const tf = h.tf;
  const w = input.weights;
  const model = h.own(
    tf.sequential({ layers: [tf.layers.embedding({ inputDim: w.embedding.length, outputDim: w.kernel.length, inputShape: [null] }), tf.layers.dense({ units: w.bias.length, activation: 'tanh' })] }),
  );
  model.setWeights([h.tensor(w.embedding), h.tensor(w.kernel), h.tensor(w.bias)]);
  const stats = h.countPredictCalls(model);
  try {
    const built = user.buildPrompt(model, input.tokenizer, input.request, input.budget);
    return { built, calls: stats.calls };
  } catch (error) {
    return { built: { error: error instanceof Error && /does not fit/.test(error.message) }, calls: stats.calls };
  }
};

// ---- Checks (host) ----

type RankOutput = { ranking: RankedChunk[]; calls: number; batchSizes: number[] };

function checkRank(actual: Plain, input: { tokenizer: Tokenizer; weights: Weights; query: string; chunks: string[] }, t: Checker, label: string): void {
  const got = actual as unknown as RankOutput;
  const want = rankOracle(input.tokenizer, input.weights, input.query, input.chunks);
  if (input.chunks.length > 0) {
    t.equal({ calls: got.calls, batchSizes: got.batchSizes }, { calls: 1, batchSizes: [input.chunks.length + 1] }, { what: `forward passes of the encoder and their batch sizes: one pass, the query and every chunk (${label})` });
  }
  t.closeTo(got.ranking.map((r) => r.score), want.map((r) => r.score), { what: `cosine scores of the chunks, highest first, masked mean embeddings (${label})`, tolerance: 1e-4 });
  t.equal(got.ranking.map((r) => r.index), want.map((r) => r.index), { what: `ranked chunk order, the lower index first on equal scores (${label})` });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkPack(actual: Plain, parts: PromptParts, b: Budget, t: Checker, label: string): void {
  const want = packOracle(parts, b);
  if ('error' in want) {
    t.equal(actual, { error: true }, { what: `an error saying the system prompt and the query do not fit (${label})` });
    return;
  }
  t.that(isRecord(actual), `packPrompt returns { tokens, history, chunks, counts } (${label})`);
  const got = actual as unknown as PackedPrompt;
  t.atMost(got.counts?.total ?? Infinity, b.contextWindow - b.answerReserve, { what: `prompt tokens, within contextWindow − answerReserve (${label})` });
  t.equal(got.history, want.history, { what: `turns kept, newest first and whole, with their token counts (${label})` });
  t.equal(got.chunks, want.chunks, { what: `chunks kept, best first, greedy, the last one cut at a word boundary or dropped (${label})` });
  t.equal(got.counts, want.counts, { what: `token counts of each part (${label})` });
  t.equal(got.tokens, want.tokens, { what: `the prompt's tokens in layout order (${label})` });
}

function checkBuild(actual: Plain, input: { weights: Weights; tokenizer: Tokenizer; request: PromptRequest; budget: Budget }, t: Checker, label: string): void {
  const got = actual as unknown as { built: BuiltPrompt | { error: boolean }; calls: number };
  const want = buildOracle(input.tokenizer, input.weights, input.request, input.budget);
  if ('error' in want) {
    t.equal(got.built, { error: true }, { what: `an error saying the system prompt and the query do not fit (${label})` });
    return;
  }
  t.that(isRecord(got.built), `buildPrompt returns { ids, chunks, history, counts } (${label})`);
  const built = got.built as BuiltPrompt;
  t.that(Array.isArray(built.chunks) && built.chunks.every(isRecord), `buildPrompt returns its chunks as { index, score, tokens, truncated } objects (${label})`);
  t.atMost(built.counts?.total ?? Infinity, input.budget.contextWindow - input.budget.answerReserve, { what: `prompt tokens, within contextWindow − answerReserve (${label})` });
  t.equal(built.chunks.map((c) => c.index), want.chunks.map((c) => c.index), { what: `chunks in the prompt, by their index in the request, best first (${label})` });
  t.closeTo(built.chunks.map((c) => c.score), want.chunks.map((c) => c.score), { what: `scores of the chunks in the prompt (${label})`, tolerance: 1e-4 });
  t.equal(built.chunks.map((c) => [c.tokens, c.truncated]), want.chunks.map((c) => [c.tokens, c.truncated]), { what: `token counts of the chunks in the prompt and whether each was cut (${label})` });
  t.equal(built.history, want.history, { what: `turns kept, newest first and whole, with their token counts (${label})` });
  t.equal(built.counts, want.counts, { what: `token counts of each part (${label})` });
  t.equal(built.ids, want.ids, { what: `the prompt's token ids in layout order (${label})` });
}

// ---- Hand-written inputs ----

const exampleParts: PromptParts = {
  system: ['be', 'brief'],
  history: [['hi'], ['hello', 'there'], ['my', 'card']],
  query: ['is', 'it', 'lost', '?'],
  ranked: [['cards', 'arrive', 'in', '5', 'days'], ['report', 'a', 'lost', 'card', '##s', 'in', 'app']],
};
const exampleBudget = { contextWindow: 34, answerReserve: 6, minChunkTokens: 3 };

/** The second-newest turn does not fit, the oldest (shorter) would: it must stay out. */
const historyGap: PromptParts = { system: ['s'], history: [['old'], ['a', 'long', 'middle', 'turn', 'here'], ['newest']], query: ['q'], ranked: [] };
/** The best chunk is cut and too short to keep; a shorter, lower-ranked chunk that would fit must stay out. */
const chunkStop: PromptParts = { system: ['s'], history: [], query: ['q'], ranked: [['one', 'two'], ['three', 'four', 'five', 'six', 'seven', 'eight'], ['x']] };
/** The cut lands inside a word of three ## pieces: it steps back to the word's start. */
const wordCut: PromptParts = { system: ['s'], history: [], query: ['q'], ranked: [['a', 'b', 'c', 'un', '##believ', '##ab', '##ly', 'long']] };
/** The only turn takes exactly the room left without its [SEP] and one more with it: it stays out, and the chunk after it goes in. */
const separatorCount: PromptParts = { system: ['s'], history: [['a', 'b']], query: ['q'], ranked: [['c']] };
const separatorBudget: Budget = { contextWindow: 9, answerReserve: 2, minChunkTokens: 1 };
/** The newest turn needs exactly the room left: it goes in whole, and nothing else fits. */
const turnExactFit: PromptParts = { system: ['s'], history: [['x', 'y', 'z'], ['a', 'b']], query: ['q'], ranked: [['c']] };
const turnExactBudget: Budget = { contextWindow: 10, answerReserve: 2, minChunkTokens: 1 };
/** A chunk that needs exactly the room left goes in whole. */
const exactFit: PromptParts = { system: ['s', 't'], history: [['h']], query: ['q'], ranked: [['a', 'b', 'c'], ['d']] };

const realRank = { weights, tokenizer, query: request.query, chunks: request.chunks };
const realBuild = { weights, tokenizer, request: { system: request.system, history: request.history, query: request.query, chunks: request.chunks }, budget };

/** Texts of very different lengths: padding that leaks into the mean changes the order. */
const paddingMatters = {
  weights,
  tokenizer,
  query: 'refund',
  chunks: ['refund', 'the refund is paid to the card that got the charge, and the money is in your bank account 5 to 10 working days after', 'money', 'password reset link', 'refund money bank'],
};
/**
 * The request with a tokenizer that lists `refund` twice (in place of its last piece) and allows
 * words of 8 characters: `assistant` and `€` become [UNK], `password` stays itself.
 */
const oddTokenizer: Tokenizer = { vocab: [...tokenizer.vocab.slice(0, -1), 'refund'], maxCharsPerWord: 8 };
const oddBuild = { ...realBuild, tokenizer: oddTokenizer, request: { ...realBuild.request, query: 'it is still on my bank account after a week, when do i get my 25 € refund?' } };
const duplicates = { weights, tokenizer, query: 'when do i get my money back', chunks: ['money back', 'password reset', 'money back', 'bank', 'money back'] };

// ---- Generators ----

const WORDS = ['refund', 'money', 'bank', 'card', 'password', 'reset', 'link', 'week', 'days', 'the', 'a', 'is', 'my', 'order', 'vat', 'invoice', 'delivery', 'late', 'code', 'sms', 'profile', 'delete', 'Monday', 'euro', '42', 'Café', '?', '!', ','];
const text = (min: number, max: number) => fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max }).map((words) => words.join(' '));

const tokenList = (max: number) => fc.array(fc.constantFrom('a', 'b', 'card', 'lost', '##s', '##ed', '##ing', '?', 'x'), { minLength: 0, maxLength: max });
const generatedPack = fc.record({
  parts: fc.record({ system: tokenList(6), history: fc.array(tokenList(6), { maxLength: 5 }), query: tokenList(5), ranked: fc.array(tokenList(10), { maxLength: 6 }) }),
  budget: fc.record({ contextWindow: fc.integer({ min: 4, max: 60 }), answerReserve: fc.integer({ min: 0, max: 20 }), minChunkTokens: fc.integer({ min: 1, max: 5 }) }),
});

/** Distinct chunks at least 1e-3 apart in score, so float32 cannot reorder them; equal texts tie exactly. */
const separated = (input: { query: string; chunks: string[] }) => {
  const ranking = rankOracle(tokenizer, weights, input.query, input.chunks);
  return ranking.every((r, i) => i === 0 || input.chunks[r.index] === input.chunks[ranking[i - 1]!.index] || ranking[i - 1]!.score - r.score > 1e-3);
};

const generatedRank = fc
  .record({ query: text(1, 6), chunks: fc.array(text(0, 14), { minLength: 0, maxLength: 6 }), repeat: fc.boolean() })
  .map(({ query, chunks, repeat }) => ({ weights, tokenizer, query, chunks: repeat && chunks.length > 1 ? [...chunks, chunks[0]!] : chunks }))
  .filter(separated);

const generatedBuild = fc
  .record({
    system: text(1, 12),
    history: fc.array(fc.record({ role: fc.constantFrom<'user' | 'assistant'>('user', 'assistant'), text: text(1, 8) }), { maxLength: 4 }),
    query: text(1, 6),
    chunks: fc.array(text(1, 14), { minLength: 1, maxLength: 5 }),
    budget: fc.record({ contextWindow: fc.integer({ min: 16, max: 120 }), answerReserve: fc.integer({ min: 0, max: 24 }), minChunkTokens: fc.integer({ min: 1, max: 6 }) }),
  })
  .filter((input) => separated(input))
  .map(({ budget: b, ...req }) => ({ weights, tokenizer, request: req, budget: b }));

export default defineTests<User>()([
  testCase({
    id: 'pack-prompt-example',
    name: 'packs the prompt’s example: whole turns newest first, a chunk cut back to a word boundary',
    visible: true,
    rules: ['history-newest-first', 'greedy-chunks', 'cut-at-word-boundary', 'exact-counts', 'layout'],
    input: { parts: exampleParts, budget: exampleBudget },
    run: packDriver,
    check: (actual, t) => checkPack(actual, exampleParts, exampleBudget, t, 'the prompt’s example'),
  }),
  testCase({
    id: 'pack-drops-a-short-remainder',
    name: 'drops the chunk that does not fit when fewer than minChunkTokens of it would remain',
    visible: true,
    rules: ['cut-at-word-boundary', 'answer-reserve'],
    input: { parts: exampleParts, budget: { ...exampleBudget, contextWindow: 30 } },
    run: packDriver,
    check: (actual, t) => checkPack(actual, exampleParts, { ...exampleBudget, contextWindow: 30 }, t, 'a 30-token window'),
  }),
  testCase({
    id: 'rank-the-request',
    name: 'ranks the request’s ten chunks by cosine similarity with the query in one masked forward pass',
    visible: true,
    rules: ['one-masked-forward-pass', 'masked-mean', 'rank-by-cosine'],
    input: realRank,
    run: rankDriver,
    check: (actual, t) => checkRank(actual, realRank, t, 'the request'),
  }),
  testCase({
    id: 'build-the-request',
    name: 'builds the request’s prompt within 256 − 48 tokens, the system prompt whole',
    visible: true,
    rules: ['exact-counts', 'answer-reserve', 'system-never-truncated', 'layout', 'history-newest-first', 'greedy-chunks'],
    input: realBuild,
    run: buildDriver,
    check: (actual, t) => checkBuild(actual, realBuild, t, 'the request'),
  }),
  testCase({
    id: 'refuses-what-cannot-fit',
    name: 'throws when the system prompt and the query alone do not fit, instead of cutting the system prompt',
    visible: false,
    rules: ['system-never-truncated', 'answer-reserve'],
    input: { parts: exampleParts, budget: { ...exampleBudget, contextWindow: 14 } },
    run: packDriver,
    check: (actual, t) => t.equal(actual, { error: true }, { what: 'an error saying the system prompt and the query do not fit' }),
  }),
  testCase({
    id: 'history-stays-contiguous',
    name: 'stops adding turns at the first that does not fit, even when an older one would',
    visible: false,
    rules: ['history-newest-first'],
    input: { parts: historyGap, budget: { contextWindow: 12, answerReserve: 2, minChunkTokens: 1 } },
    run: packDriver,
    check: (actual, t) => checkPack(actual, historyGap, { contextWindow: 12, answerReserve: 2, minChunkTokens: 1 }, t, 'a gap in the history'),
  }),
  testCase({
    id: 'chunks-stop-at-the-first-misfit',
    name: 'stops packing at the first chunk that does not fit whole, even when a later one would',
    visible: false,
    rules: ['greedy-chunks', 'cut-at-word-boundary'],
    input: { parts: chunkStop, budget: { contextWindow: 12, answerReserve: 0, minChunkTokens: 4 } },
    run: packDriver,
    check: (actual, t) => checkPack(actual, chunkStop, { contextWindow: 12, answerReserve: 0, minChunkTokens: 4 }, t, 'a short remainder'),
  }),
  testCase({
    id: 'cut-back-over-pieces',
    name: 'steps the cut back over every ## piece to the start of the word',
    visible: false,
    rules: ['cut-at-word-boundary', 'exact-counts'],
    input: { parts: wordCut, budget: { contextWindow: 14, answerReserve: 2, minChunkTokens: 2 } },
    run: packDriver,
    check: (actual, t) => checkPack(actual, wordCut, { contextWindow: 14, answerReserve: 2, minChunkTokens: 2 }, t, 'a cut inside a word'),
  }),
  testCase({
    id: 'turn-pays-for-its-separator',
    name: 'leaves out a turn that would fit only if its [SEP] were not counted',
    visible: false,
    rules: ['history-newest-first', 'exact-counts'],
    input: { parts: separatorCount, budget: separatorBudget },
    run: packDriver,
    check: (actual, t) => {
      const want = packOracle(separatorCount, separatorBudget) as PackedPrompt;
      t.equal((actual as unknown as Partial<PackedPrompt> | null)?.history, want.history, { what: 'turns kept, each counted with its [SEP]' });
      checkPack(actual, separatorCount, separatorBudget, t, 'a turn one token too long with its [SEP]');
    },
  }),
  testCase({
    id: 'turn-fits-exactly',
    name: 'keeps a turn that needs exactly the room left',
    visible: false,
    rules: ['history-newest-first', 'exact-counts'],
    input: { parts: turnExactFit, budget: turnExactBudget },
    run: packDriver,
    check: (actual, t) => checkPack(actual, turnExactFit, turnExactBudget, t, 'a turn as long as the room left'),
  }),
  testCase({
    id: 'build-with-unknown-and-repeated-tokens',
    name: 'builds with a tokenizer that lists a token twice and spells unknown characters and over-long words as [UNK]',
    visible: false,
    rules: ['exact-counts', 'layout'],
    input: oddBuild,
    run: buildDriver,
    check: (actual, t) => checkBuild(actual, oddBuild, t, 'a tokenizer with a repeated token'),
  }),
  testCase({
    id: 'exact-fit',
    name: 'keeps a chunk whole when it needs exactly the room left',
    visible: false,
    rules: ['greedy-chunks', 'exact-counts', 'answer-reserve'],
    input: { parts: exactFit, budget: { contextWindow: 17, answerReserve: 5, minChunkTokens: 1 } },
    run: packDriver,
    check: (actual, t) => checkPack(actual, exactFit, { contextWindow: 17, answerReserve: 5, minChunkTokens: 1 }, t, 'an exact fit'),
  }),
  testCase({
    id: 'rank-without-padding',
    name: 'ranks texts of very different lengths by their real tokens only',
    visible: false,
    rules: ['masked-mean', 'one-masked-forward-pass', 'no-leaks'],
    input: paddingMatters,
    run: rankDriver,
    check: (actual, t) => checkRank(actual, paddingMatters, t, 'short and long chunks'),
  }),
  testCase({
    id: 'rank-ties',
    name: 'puts the lower index first among chunks with equal scores',
    visible: false,
    rules: ['rank-by-cosine'],
    input: duplicates,
    run: rankDriver,
    check: (actual, t) => checkRank(actual, duplicates, t, 'repeated chunks'),
  }),
  testCase({
    id: 'build-a-tight-window',
    name: 'builds the request in a window that leaves room for the system prompt, the query and one turn',
    visible: false,
    rules: ['exact-counts', 'answer-reserve', 'history-newest-first', 'layout', 'no-leaks', 'system-never-truncated'],
    input: { ...realBuild, budget: { contextWindow: 140, answerReserve: 40, minChunkTokens: 4 } },
    run: buildDriver,
    check: (actual, t) => checkBuild(actual, { ...realBuild, budget: { contextWindow: 140, answerReserve: 40, minChunkTokens: 4 } }, t, 'a tight window'),
  }),
  generatedCases({
    id: 'pack-generated-parts',
    name: 'packs like the rules say on generated parts (empty parts, windows from too small to roomy, any reserve and minimum)',
    rules: ['exact-counts', 'answer-reserve', 'system-never-truncated', 'history-newest-first', 'greedy-chunks', 'cut-at-word-boundary', 'layout'],
    input: generatedPack,
    examples: [
      { parts: { system: [], history: [], query: [], ranked: [] }, budget: { contextWindow: 3, answerReserve: 0, minChunkTokens: 1 } },
      { parts: { system: [], history: [], query: [], ranked: [] }, budget: { contextWindow: 3, answerReserve: 1, minChunkTokens: 1 } },
      { parts: { system: ['a'], history: [['b']], query: [], ranked: [['##s', '##s', 'c']] }, budget: { contextWindow: 8, answerReserve: 0, minChunkTokens: 1 } },
    ],
    count: 32,
    run: packDriver,
    what: 'packed prompt',
    compare: (actual, _expected, t, input) => checkPack(actual, input.parts, input.budget, t, 'generated parts'),
  }),
  generatedCases({
    id: 'rank-generated-chunks',
    name: 'ranks like the reference on generated chunks (none to six, empty texts, repeats, unknown words)',
    rules: ['one-masked-forward-pass', 'masked-mean', 'rank-by-cosine'],
    input: generatedRank,
    count: 12,
    run: rankDriver,
    what: 'ranked chunks',
    compare: (actual, _expected, t, input) => checkRank(actual, input, t, 'generated chunks'),
  }),
  generatedCases({
    id: 'build-generated-requests',
    name: 'builds like the rules say on generated requests (any history, chunks and window)',
    rules: ['exact-counts', 'answer-reserve', 'history-newest-first', 'greedy-chunks', 'layout', 'system-never-truncated'],
    input: generatedBuild,
    count: 12,
    run: buildDriver,
    what: 'built prompt',
    compare: (actual, _expected, t, input) => checkBuild(actual, input, t, 'a generated request'),
  }),
]);
