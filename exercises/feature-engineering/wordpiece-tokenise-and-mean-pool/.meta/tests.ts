import fc from 'fast-check';
import { defineTests, generatedCases, isTensorData, testCase, type Checker, type HarnessHelpers, type Plain, type TensorData } from '@/lib/grading/test-api';
import { mulberry32 } from '@/lib/seeded-random';
import type * as tfjs from '@tensorflow/tfjs';
import encoder from '../data/encoder.json';
import queryFile from '../data/queries.json';

interface Tokenizer {
  vocab: string[];
  maxCharsPerWord: number;
}
interface EncodedBatch {
  inputIds: tfjs.Tensor2D;
  attentionMask: tfjs.Tensor2D;
}
interface User {
  tokenize(text: string, tokenizer: Tokenizer): string[];
  encodeBatch(texts: string[], tokenizer: Tokenizer, maxLength: number): EncodedBatch;
  meanPool(tokenEmbeddings: tfjs.Tensor3D, attentionMask: tfjs.Tensor2D): tfjs.Tensor2D;
  embedTexts(model: tfjs.LayersModel, tokenizer: Tokenizer, texts: string[], maxLength: number): tfjs.Tensor2D;
}
/** The encoder's weights as plain data: an embedding table and one dense tanh layer. */
interface EncoderWeights {
  embedding: number[][];
  kernel: number[][];
  bias: number[];
}
interface TokenizeCase {
  tokenizer: Tokenizer;
  texts: string[];
}
interface EncodeCase extends TokenizeCase {
  maxLength: number;
}
interface PoolCase {
  embeddings: number[][][];
  mask: number[][];
  dim: number;
}
interface EmbedCase {
  tokenizer: Tokenizer;
  weights: EncoderWeights;
  batches: string[][];
  maxLength: number;
}

// ---- Host-side reference ----

function splitWords(text: string): string[] {
  return text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '').match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}
function wordPieces(word: string, known: Set<string>, maxChars: number): string[] {
  const chars = Array.from(word);
  if (chars.length > maxChars) return ['[UNK]'];
  const pieces: string[] = [];
  for (let start = 0; start < chars.length; ) {
    let end = chars.length;
    while (end > start && !known.has((start > 0 ? '##' : '') + chars.slice(start, end).join(''))) end -= 1;
    if (end === start) return ['[UNK]'];
    pieces.push((start > 0 ? '##' : '') + chars.slice(start, end).join(''));
    start = end;
  }
  return pieces;
}
const tokens = (text: string, tok: Tokenizer) => splitWords(text).flatMap((w) => wordPieces(w, new Set(tok.vocab), tok.maxCharsPerWord));

function encode(texts: string[], tok: Tokenizer, maxLength: number) {
  const id = (token: string) => tok.vocab.indexOf(token);
  const sequences = texts.map((text) => [id('[CLS]'), ...tokens(text, tok).slice(0, maxLength - 2).map(id), id('[SEP]')]);
  const width = Math.max(0, ...sequences.map((s) => s.length));
  return {
    width,
    lengths: sequences.map((s) => s.length),
    ids: sequences.map((s) => [...s, ...new Array<number>(width - s.length).fill(id('[PAD]'))]),
    mask: sequences.map((s) => Array.from({ length: width }, (_, j) => (j < s.length ? 1 : 0))),
  };
}

/** Mean of the rows where mask is 1 (or of every row when `everyPosition`); zeros when none. */
function pool(vectors: number[][], mask: number[], dim: number, everyPosition = false): number[] {
  const sum = new Array<number>(dim).fill(0);
  let count = 0;
  vectors.forEach((v, j) => {
    if (!everyPosition && mask[j] !== 1) return;
    count += 1;
    v.forEach((x, k) => (sum[k]! += x));
  });
  return sum.map((s) => (count === 0 ? 0 : s / count));
}

/** The encoder's per-position output: tanh(embedding[id] · kernel + bias), in float64. */
function encodePosition(id: number, w: EncoderWeights): number[] {
  const e = w.embedding[id]!;
  return w.bias.map((b, k) => Math.tanh(b + e.reduce((s, x, i) => s + x * w.kernel[i]![k]!, 0)));
}
function embed(texts: string[], tok: Tokenizer, w: EncoderWeights, maxLength: number, everyPosition = false): number[][] {
  const { ids, mask } = encode(texts, tok, maxLength);
  return ids.map((row, b) => pool(row.map((id) => encodePosition(id, w)), mask[b]!, w.bias.length, everyPosition));
}

// ---- Checks ----

const show = (list: unknown) => JSON.stringify(list);

function checkTokens(actual: Plain | unknown, cases: TokenizeCase[], t: Checker, rule: string): void {
  t.that(Array.isArray(actual) && actual.length === cases.length, `tokenize should return an array of token strings for each text (${rule})`);
  (actual as unknown[]).forEach((got, c) => {
    const { tokenizer, texts } = cases[c]!;
    t.that(Array.isArray(got) && got.length === texts.length, `tokenize should return an array of token strings for each text (${rule})`);
    texts.forEach((text, i) => {
      const want = tokens(text, tokenizer);
      const have = (got as unknown[])[i];
      t.that(show(have) === show(want), `tokens of a text: ${rule}`, {
        visibleProperty: `tokens of ${show(text.length > 60 ? `${text.slice(0, 60)}…` : text)}: ${rule}`,
        expected: show(want),
        actual: show(have),
      });
    });
  });
}

function asTensor(value: unknown, t: Checker, what: string): TensorData {
  t.that(isTensorData(value), `${what} should be a tf.Tensor`);
  return value as TensorData;
}

function checkEncoded(actual: Plain | unknown, c: EncodeCase, t: Checker, where: string): void {
  const [idsOut, maskOut] = Array.isArray(actual) ? actual : [];
  const ids = asTensor(idsOut, t, `inputIds (${where})`);
  const mask = asTensor(maskOut, t, `attentionMask (${where})`);
  t.dtype(ids, 'int32', { what: `inputIds (${where}): token ids are int32` });
  t.dtype(mask, 'int32', { what: `attentionMask (${where}): the mask is int32 0/1` });
  const want = encode(c.texts, c.tokenizer, c.maxLength);
  const gotWidth = ids.shape[1];
  t.that(
    !(c.texts.length > 0 && gotWidth === c.maxLength && want.width < c.maxLength),
    `inputIds (${where}): pad to the longest sequence in the batch, not always to maxLength`,
    { visibleProperty: `inputIds (${where}): pad to the longest sequence in the batch (${want.width}), not always to maxLength (${c.maxLength})` },
  );
  t.that(
    !(gotWidth !== undefined && gotWidth > c.maxLength),
    `inputIds (${where}): no sequence may be longer than maxLength: truncate the tokens to maxLength - 2 and keep [CLS] and [SEP]`,
  );
  t.shape(ids, [c.texts.length, want.width], { what: `inputIds (${where}): shape [texts, longest sequence in the batch]` });
  t.shape(mask, [c.texts.length, want.width], { what: `attentionMask (${where}): shape [texts, longest sequence in the batch]` });
  const got = ids.values as number[][];
  const at = (token: string) => c.tokenizer.vocab.indexOf(token);
  want.ids.forEach((row, b) => {
    if (show(got[b]) === show(row)) return;
    const length = want.lengths[b]!;
    const padding = got[b]!.slice(length);
    t.that(got[b]![0] === at('[CLS]'), `inputIds (${where}): every sequence starts with the id of [CLS]`);
    t.that(
      got[b]![length - 1] === at('[SEP]'),
      `inputIds (${where}): every sequence ends with the id of [SEP], also when it is truncated (keep the first maxLength - 2 tokens, then [SEP])`,
    );
    t.that(
      padding.every((v) => v === at('[PAD]')),
      `inputIds (${where}): padding positions hold the id of [PAD] in the vocabulary (look it up: it is not always 0)`,
      { expected: `[PAD] = ${at('[PAD]')}`, actual: show(padding) },
    );
    t.that(false, `inputIds (${where}): a sequence is [CLS], the ids of the text's WordPiece tokens (their index in vocab), [SEP], then [PAD]`, {
      expected: show(row),
      actual: show(got[b]),
    });
  });
  t.equal(mask.values, want.mask, { what: `attentionMask (${where}): 1 for [CLS], the tokens and [SEP], 0 for padding` });
}

/** Pooled rows against the reference; names the mistake when the rows are the mean over every position. */
function checkPooled(actual: unknown, want: number[][], everyPosition: number[][], t: Checker, what: string): void {
  const out = asTensor(actual, t, what);
  t.dtype(out, 'float32', { what });
  t.shape(out, [want.length, want[0]?.length ?? 0], { what: `${what}: shape [texts, dim]` });
  const got = out.values as number[][];
  const close = (a: number[], b: number[]) => a.every((x, k) => Math.abs(x - b[k]!) <= 1e-4);
  want.forEach((row, b) => {
    if (close(got[b]!, row)) return;
    t.that(!got[b]!.some(Number.isNaN), `${what}: a row whose mask is all 0 has no real token and must be zeros, not NaN`);
    t.that(
      !(close(got[b]!, everyPosition[b]!) && !close(row, everyPosition[b]!)),
      `${what}: the mean includes the padding positions: sum only where the attention mask is 1 and divide by the number of real tokens`,
    );
    t.that(false, `${what}: each row is the mean of the token vectors where the attention mask is 1`, {
      expected: `[${row.map((x) => x.toFixed(4)).join(', ')}]`,
      actual: `[${got[b]!.map((x) => Number(x).toFixed(4)).join(', ')}]`,
    });
  });
}

function checkPools(actual: Plain | unknown, cases: PoolCase[], t: Checker, where: string): void {
  t.that(Array.isArray(actual) && actual.length === cases.length, `meanPool should return one tensor per call (${where})`);
  cases.forEach((c, i) => {
    const want = c.embeddings.map((rows, b) => pool(rows, c.mask[b]!, c.dim));
    const every = c.embeddings.map((rows, b) => pool(rows, c.mask[b]!, c.dim, true));
    checkPooled((actual as unknown[])[i], want, every, t, `meanPool (${where})`);
  });
}

interface EmbedOutcome {
  outputs: unknown[];
  calls: number;
  batchSizes: number[];
}
function checkEmbeds(actual: Plain | unknown, cases: EmbedCase[], t: Checker, where: string): void {
  t.that(Array.isArray(actual) && actual.length === cases.length, `embedTexts should return a tf.Tensor2D for each batch (${where})`);
  cases.forEach((c, i) => checkEmbedCase((actual as unknown[])[i], c, t, where));
}
function checkEmbedCase(actual: unknown, c: EmbedCase, t: Checker, where: string): void {
  const out = actual as EmbedOutcome;
  t.that(out !== null && typeof out === 'object' && Array.isArray(out.outputs), `embedTexts should return a tf.Tensor2D (${where})`);
  c.batches.forEach((texts, i) => {
    const want = embed(texts, c.tokenizer, c.weights, c.maxLength);
    const every = embed(texts, c.tokenizer, c.weights, c.maxLength, true);
    checkPooled(out.outputs[i], want, every, t, `embedTexts (${where})`);
  });
  t.that(
    out.calls === c.batches.length && show(out.batchSizes) === show(c.batches.map((b) => b.length)),
    `embedTexts (${where}): run model.predict once per batch, on the whole batch's inputIds (one forward pass)`,
    { expected: `batch sizes ${show(c.batches.map((b) => b.length))}`, actual: `batch sizes ${show(out.batchSizes)}` },
  );
}

// ---- Drivers (self-contained: they run in the sandbox) ----

const tokenizeDriver = (user: User, input: { cases: TokenizeCase[] }) => input.cases.map((c) => c.texts.map((text) => user.tokenize(text, c.tokenizer)));

const encodeDriver = (user: User, input: EncodeCase) => {
  const out = user.encodeBatch(input.texts, input.tokenizer, input.maxLength);
  return [out.inputIds, out.attentionMask];
};

const encodeManyDriver = (user: User, input: { cases: EncodeCase[] }) =>
  input.cases.map((c) => {
    const out = user.encodeBatch(c.texts, c.tokenizer, c.maxLength);
    return [out.inputIds, out.attentionMask];
  });

const poolDriver = (user: User, input: { cases: PoolCase[] }, h: HarnessHelpers) =>
  input.cases.map((c) => {
    const width = c.mask[0]?.length ?? 0;
    const embeddings = h.tensor(c.embeddings.flat(2), [c.mask.length, width, c.dim]) as tfjs.Tensor3D;
    const mask = h.tensor(c.mask.flat(), [c.mask.length, width], 'int32') as tfjs.Tensor2D;
    return user.meanPool(embeddings, mask);
  });

const embedDriver = (user: User, input: { cases: EmbedCase[] }, h: HarnessHelpers) =>
  input.cases.map((c) => {
    const tf = h.tf;
    const w = c.weights;
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
    const outputs = c.batches.map((texts) => user.embedTexts(model, c.tokenizer, texts, c.maxLength));
    return { outputs, calls: stats.calls, batchSizes: stats.batchSizes.slice() };
  });

// ---- Data and generated cases ----

const shipped: Tokenizer = { vocab: encoder.vocab, maxCharsPerWord: encoder.maxCharsPerWord };
const weights: EncoderWeights = { embedding: encoder.embedding, kernel: encoder.dense.kernel, bias: encoder.dense.bias };
const queries = queryFile.queries;

const LETTERS = 'abcdefgh';
const PUNCTUATION = ['-', '!', '?', "'", '#', '€', '.', '/'];

/** A WordPiece vocabulary over a small alphabet, special tokens at random places, some pieces missing. */
function generatedTokenizer(random: () => number, size: number): Tokenizer {
  const word = (min: number, max: number) => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => LETTERS[Math.floor(random() * LETTERS.length)]!).join('');
  const set = new Set<string>();
  for (const c of LETTERS) if (random() < 0.8) set.add(c);
  for (const c of LETTERS) if (random() < 0.7) set.add(`##${c}`);
  for (const p of PUNCTUATION) if (random() < 0.6) set.add(p);
  while (set.size < size) set.add(random() < 0.5 ? word(2, 5) : `##${word(1, 4)}`);
  const vocab = [...set, '[PAD]', '[UNK]', '[CLS]', '[SEP]'];
  for (let i = vocab.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [vocab[i], vocab[j]] = [vocab[j]!, vocab[i]!];
  }
  return { vocab, maxCharsPerWord: 4 + Math.floor(random() * 8) };
}

/** Texts over the same alphabet with capitals, accents, punctuation, odd spacing, long and empty words. */
function generatedTexts(random: () => number, tok: Tokenizer, count: number): string[] {
  const accented: Record<string, string> = { a: 'á', e: 'ê', c: 'ç' };
  const letter = () => {
    const c = LETTERS[Math.floor(random() * LETTERS.length)]!;
    const r = random();
    return r < 0.1 && accented[c] ? accented[c] : r < 0.2 ? c.toUpperCase() : c;
  };
  const word = () => {
    const r = random();
    const length = r < 0.1 ? tok.maxCharsPerWord : r < 0.2 ? tok.maxCharsPerWord + 1 : 1 + Math.floor(random() * 7);
    return Array.from({ length }, letter).join('');
  };
  const gap = () => [' ', ' ', ' ', '  ', '\t', '\n'][Math.floor(random() * 6)]!;
  return Array.from({ length: count }, () => {
    if (random() < 0.08) return random() < 0.5 ? '' : '   ';
    const parts: string[] = [];
    const words = 1 + Math.floor(random() * 6);
    for (let i = 0; i < words; i += 1) {
      parts.push(word());
      if (random() < 0.3) parts.push(PUNCTUATION[Math.floor(random() * PUNCTUATION.length)]!);
      parts.push(random() < 0.2 ? '' : gap());
    }
    return parts.join('');
  });
}

const rng = mulberry32(17_017);
const generatedTokenizeCases: TokenizeCase[] = [12, 20, 30, 45, 60, 90].map((size) => {
  const tokenizer = generatedTokenizer(rng, size);
  return { tokenizer, texts: generatedTexts(rng, tokenizer, 25) };
});
const generatedEncodeCases: EncodeCase[] = Array.from({ length: 10 }, (_, i) => {
  const tokenizer = generatedTokenizer(rng, 15 + 8 * i);
  return { tokenizer, texts: generatedTexts(rng, tokenizer, i % 5), maxLength: 2 + Math.floor(rng() * 9) };
});
const randomValue = () => Math.round((rng() * 4 - 2) * 1000) / 1000;
const generatedPoolCases: PoolCase[] = Array.from({ length: 12 }, (_, i) => {
  const batch = 1 + (i % 4);
  const width = 1 + Math.floor(rng() * 6);
  const dim = 1 + Math.floor(rng() * 5);
  const mask = Array.from({ length: batch }, () => {
    const real = Math.floor(rng() * (width + 1));
    return Array.from({ length: width }, (_, j) => (j < real ? 1 : 0));
  });
  // Sometimes a row with no real token at all.
  if (i % 3 === 0) mask[0] = mask[0]!.map(() => 0);
  return { embeddings: Array.from({ length: batch }, () => Array.from({ length: width }, () => Array.from({ length: dim }, randomValue))), mask, dim };
});
function generatedEmbedCase(vocabSize: number, dim: number, maxLength: number): EmbedCase {
  const tokenizer = generatedTokenizer(rng, vocabSize);
  const n = tokenizer.vocab.length;
  return {
    tokenizer,
    weights: {
      embedding: Array.from({ length: n }, () => Array.from({ length: dim }, randomValue)),
      kernel: Array.from({ length: dim }, () => Array.from({ length: dim }, () => randomValue() / 2)),
      bias: Array.from({ length: dim }, () => randomValue() / 10),
    },
    batches: [generatedTexts(rng, tokenizer, 4).map((x) => x || 'a'), generatedTexts(rng, tokenizer, 1), generatedTexts(rng, tokenizer, 6)],
    maxLength,
  };
}

/** BERT's example vocabulary: `unaffable` and `unwanted` split; `ed` and `runnings` cannot be finished. */
const classic: Tokenizer = { vocab: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'un', 'want', '##want', '##ed', 'runn', '##ing', ',', '##aff', '##able', 'aff'], maxCharsPerWord: 100 };
/** Pieces inside pieces: the shortest match and the longest give different splits. */
const nested: TokenizeCase = {
  tokenizer: { vocab: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 're', 'refund', 'refunds', '##fund', '##f', '##und', '##s', 'un', 'unre', '##re', '##d', '##ed'], maxCharsPerWord: 20 },
  texts: ['refunds', 'refunded', 'unrefunded', 'refund'],
};
/** Special tokens moved: [PAD] is id 7, [CLS] id 0. */
const moved: Tokenizer = {
  vocab: ['[CLS]', 'refund', '##ed', 'card', 'late', '[SEP]', 'twice', '[PAD]', '?', '[UNK]', 'my', 'not'],
  maxCharsPerWord: 12,
};

const visibleEncode: EncodeCase = { tokenizer: shipped, texts: ['refund not received', 'Refunded twice?!', '', 'card delivery late', 'reset'], maxLength: 16 };
const visiblePools: PoolCase[] = [
  {
    embeddings: [
      [
        [1, 2],
        [3, 4],
        [100, 100],
      ],
      [
        [0.5, -1],
        [1.5, 1],
        [2.5, 3],
      ],
    ],
    mask: [
      [1, 1, 0],
      [1, 1, 1],
    ],
    dim: 2,
  },
];
const visibleEmbed: EmbedCase = { tokenizer: shipped, weights, batches: [queries.filter((q) => q !== ''), ['refund'], ['']], maxLength: 12 };
const companions: EmbedCase = { tokenizer: shipped, weights, batches: [['refund'], ['refund', queries[16]!, queries[8]!], ['reset', '']], maxLength: 32 };
const generatedEncoders = [generatedEmbedCase(20, 3, 5), generatedEmbedCase(40, 8, 9), generatedEmbedCase(12, 1, 3)];


// ---- Generated cases (fast-check picks the sizes and a seed; the seeded builders above make the vocabularies and texts). ----

/** A vocabulary of 8 to 90 pieces (special tokens anywhere, some letters missing), its texts, a batch of 0 to 6 and maxLength from 2 to 12. */
const generatedEncodeInput = fc
  .record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), size: fc.integer({ min: 8, max: 90 }), batch: fc.integer({ min: 0, max: 6 }), maxLength: fc.oneof(fc.constant(2), fc.integer({ min: 2, max: 12 })) })
  .map(({ seed, size, batch, maxLength }) => {
    const random = mulberry32(seed);
    const tokenizer = generatedTokenizer(random, size);
    return { tokenizer, texts: generatedTexts(random, tokenizer, batch), maxLength };
  });
/** Batches of 1 to 5, widths of 1 to 7, dims of 1 to 6; masks with padding at the end, in the middle, or none at all. */
const generatedPoolInput = fc
  .record({ batch: fc.integer({ min: 1, max: 5 }), width: fc.integer({ min: 1, max: 7 }), dim: fc.integer({ min: 1, max: 6 }) })
  .chain(({ batch, width, dim }) =>
    fc.record({
      embeddings: fc.array(fc.array(fc.array(fc.integer({ min: -2000, max: 2000 }).map((x) => x / 1000), { minLength: dim, maxLength: dim }), { minLength: width, maxLength: width }), { minLength: batch, maxLength: batch }),
      mask: fc.array(fc.array(fc.constantFrom(0, 1), { minLength: width, maxLength: width }), { minLength: batch, maxLength: batch }),
      dim: fc.constant(dim),
    }),
  )
  .map((poolCase) => ({ cases: [poolCase] }));
/** An encoder over a generated vocabulary: dims 1 to 8, three batches of 1 to 6 texts, maxLength 2 to 12. */
const generatedEmbedInput = fc
  .record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), size: fc.integer({ min: 8, max: 50 }), dim: fc.integer({ min: 1, max: 8 }), maxLength: fc.integer({ min: 2, max: 12 }), sizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }) })
  .map(({ seed, size, dim, maxLength, sizes }): { cases: EmbedCase[] } => {
    const random = mulberry32(seed);
    const value = () => Math.round((random() * 4 - 2) * 1000) / 1000;
    const tokenizer = generatedTokenizer(random, size);
    const weights = {
      embedding: Array.from({ length: tokenizer.vocab.length }, () => Array.from({ length: dim }, value)),
      kernel: Array.from({ length: dim }, () => Array.from({ length: dim }, () => value() / 2)),
      bias: Array.from({ length: dim }, () => value() / 10),
    };
    return { cases: [{ tokenizer, weights, batches: sizes.map((n) => generatedTexts(random, tokenizer, n)), maxLength }] };
  });

export default defineTests<User>()([
  testCase({
    id: 'tokenises-help-centre-queries',
    name: 'tokenize splits the help-centre queries into WordPiece tokens (greedy longest match, ## pieces, [UNK])',
    visible: true,
    rules: ['normalise', 'split-words', 'greedy-longest-match'],
    input: { cases: [{ tokenizer: shipped, texts: queries }] },
    run: tokenizeDriver,
    check: (actual, t) => checkTokens(actual, [{ tokenizer: shipped, texts: queries }], t, 'lowercase, strip accents, split words, then greedy longest-match-first WordPiece'),
  }),
  testCase({
    id: 'encodes-a-padded-batch',
    name: 'encodeBatch adds [CLS] and [SEP], truncates to maxLength, pads to the longest sequence and returns int32 ids and mask',
    visible: true,
    rules: ['special-tokens', 'truncation', 'padding'],
    input: visibleEncode,
    run: encodeDriver,
    check: (actual, t) => checkEncoded(actual, visibleEncode, t, 'five queries, maxLength 16'),
  }),
  testCase({
    id: 'pools-real-tokens-only',
    name: 'meanPool averages only the positions the attention mask marks as real',
    visible: true,
    rules: ['masked-mean'],
    input: { cases: visiblePools },
    run: poolDriver,
    check: (actual, t) => checkPools(actual, visiblePools, t, 'two rows, one padded position'),
  }),
  testCase({
    id: 'embeds-queries-with-one-forward-pass',
    name: 'embedTexts runs the encoder once per batch and mean-pools its output over the real tokens',
    visible: true,
    rules: ['one-forward-pass', 'masked-mean'],
    input: { cases: [visibleEmbed] },
    run: embedDriver,
    check: (actual, t) => checkEmbeds(actual, [visibleEmbed], t, 'the help-centre queries, maxLength 12'),
  }),
  testCase({
    id: 'generated-vocabularies-and-texts',
    name: 'tokenize agrees with WordPiece on generated vocabularies and texts (capitals, accents, punctuation, long words)',
    visible: false,
    rules: ['normalise', 'split-words', 'greedy-longest-match', 'max-chars-per-word', 'empty-text'],
    input: { cases: generatedTokenizeCases },
    run: tokenizeDriver,
    check: (actual, t) => checkTokens(actual, generatedTokenizeCases, t, 'WordPiece tokens on a generated vocabulary (greedy longest-match-first, ## pieces, one [UNK] per unmatchable word)'),
  }),
  testCase({
    id: 'unmatchable-word-is-one-unk',
    name: 'a word that cannot be split completely into vocabulary pieces becomes one [UNK]',
    visible: false,
    rules: ['greedy-longest-match'],
    input: { cases: [{ tokenizer: classic, texts: ['unaffable', 'unwanted running', 'wanted', 'un want ed', 'runnings,', 'unaffablex'] }] },
    run: tokenizeDriver,
    check: (actual, t) =>
      checkTokens(
        actual,
        [{ tokenizer: classic, texts: ['unaffable', 'unwanted running', 'wanted', 'un want ed', 'runnings,', 'unaffablex'] }],
        t,
        'continuation pieces are looked up with ##, and a word with any unmatchable part becomes one [UNK] for the whole word',
      ),
  }),
  testCase({
    id: 'longest-match-first',
    name: 'at every position the longest vocabulary piece wins',
    visible: false,
    rules: ['greedy-longest-match'],
    input: { cases: [nested] },
    run: tokenizeDriver,
    check: (actual, t) => checkTokens(actual, [nested], t, 'take the longest vocabulary piece at each position (greedy longest-match-first)'),
  }),
  testCase({
    id: 'words-longer-than-max-chars',
    name: 'a word longer than maxCharsPerWord becomes one [UNK]; a word of exactly that length is split',
    visible: false,
    rules: ['max-chars-per-word'],
    input: {
      cases: [
        { tokenizer: { ...shipped, maxCharsPerWord: 8 }, texts: ['refunded', 'refundeds', 'card refundeds card', 'delivery', 'deliverys'] },
        { tokenizer: shipped, texts: [`tracking ${'9'.repeat(100)}`, `tracking ${'9'.repeat(101)}`] },
      ],
    },
    run: tokenizeDriver,
    check: (actual, t) =>
      checkTokens(
        actual,
        [
          { tokenizer: { ...shipped, maxCharsPerWord: 8 }, texts: ['refunded', 'refundeds', 'card refundeds card', 'delivery', 'deliverys'] },
          { tokenizer: shipped, texts: [`tracking ${'9'.repeat(100)}`, `tracking ${'9'.repeat(101)}`] },
        ],
        t,
        'a word with more than maxCharsPerWord characters becomes one [UNK]; exactly maxCharsPerWord is split as usual',
      ),
  }),
  testCase({
    id: 'strips-accents-lowercases',
    name: 'lowercases and strips accents before looking words up',
    visible: false,
    rules: ['normalise'],
    input: { cases: [{ tokenizer: shipped, texts: ['CAFÉ', 'Rèfünd', 'naïve Ärger', 'DELIVERY Café'] }] },
    run: tokenizeDriver,
    check: (actual, t) =>
      checkTokens(actual, [{ tokenizer: shipped, texts: ['CAFÉ', 'Rèfünd', 'naïve Ärger', 'DELIVERY Café'] }], t, 'lowercase, then strip accents (NFD, drop combining marks) before the lookup'),
  }),
  testCase({
    id: 'splits-punctuation-and-empty-text',
    name: 'every character that is not a letter, digit or space is a word of its own; empty and blank texts have no tokens',
    visible: false,
    rules: ['split-words', 'empty-text'],
    input: { cases: [{ tokenizer: shipped, texts: ["can't", 'e-mail!!', '#A-1042', '(refund)?', '', '  \t \n ', 'card—late'] }] },
    run: tokenizeDriver,
    check: (actual, t) =>
      checkTokens(
        actual,
        [{ tokenizer: shipped, texts: ["can't", 'e-mail!!', '#A-1042', '(refund)?', '', '  \t \n ', 'card—late'] }],
        t,
        'punctuation and symbols are words of their own (split off), and an empty or blank text has no tokens',
      ),
  }),
  testCase({
    id: 'special-tokens-looked-up-in-vocab',
    name: 'encodeBatch looks up [PAD], [CLS] and [SEP] in the vocabulary instead of assuming ids 0 to 3',
    visible: false,
    rules: ['special-tokens', 'padding'],
    input: { tokenizer: moved, texts: ['refunded twice?', 'card', 'my card not late, twice'], maxLength: 7 },
    run: encodeDriver,
    check: (actual, t) => checkEncoded(actual, { tokenizer: moved, texts: ['refunded twice?', 'card', 'my card not late, twice'], maxLength: 7 }, t, 'a vocabulary whose [PAD] is id 7'),
  }),
  testCase({
    id: 'truncates-and-keeps-sep',
    name: 'a sequence longer than maxLength keeps its first maxLength - 2 tokens and still ends with [SEP]',
    visible: false,
    rules: ['truncation'],
    input: { cases: [2, 3, 4, 5, 9].map((maxLength) => ({ tokenizer: shipped, texts: ['refund not received', 'reset', 'card late'], maxLength })) },
    run: encodeManyDriver,
    check: (actual, t) => {
      t.that(Array.isArray(actual) && actual.length === 5, 'encodeBatch should return { inputIds, attentionMask } for each call');
      [2, 3, 4, 5, 9].forEach((maxLength, i) =>
        checkEncoded((actual as Plain[])[i], { tokenizer: shipped, texts: ['refund not received', 'reset', 'card late'], maxLength }, t, `maxLength ${maxLength}`),
      );
    },
  }),
  testCase({
    id: 'generated-batches',
    name: 'encodeBatch agrees on generated vocabularies, batch sizes (including none) and maxLength values',
    visible: false,
    rules: ['special-tokens', 'truncation', 'padding'],
    input: { cases: generatedEncodeCases },
    run: encodeManyDriver,
    check: (actual, t) => {
      t.that(Array.isArray(actual) && actual.length === generatedEncodeCases.length, 'encodeBatch should return { inputIds, attentionMask } for each call');
      generatedEncodeCases.forEach((c, i) => checkEncoded((actual as Plain[])[i], c, t, 'a generated batch'));
    },
  }),
  testCase({
    id: 'rejects-max-length-below-two',
    name: 'encodeBatch throws an Error when maxLength leaves no room for [CLS] and [SEP]',
    visible: false,
    rules: ['max-length-below-two'],
    input: { tokenizer: shipped },
    run: (user: User, input: { tokenizer: Tokenizer }) =>
      [1, 0].map((maxLength) => {
        try {
          const out = user.encodeBatch(['refund'], input.tokenizer, maxLength);
          out.inputIds.dispose();
          out.attentionMask.dispose();
          return '';
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      }),
    check: (actual, t) =>
      t.that(
        Array.isArray(actual) && actual.every((m) => typeof m === 'string' && m.includes('maxLength must be at least 2')),
        'encodeBatch with maxLength 1 or 0 should throw an Error saying "maxLength must be at least 2"',
      ),
  }),
  testCase({
    id: 'generated-pooling',
    name: 'meanPool agrees on generated batch sizes, widths and dimensions, with rows that have no real token',
    visible: false,
    rules: ['masked-mean', 'tensors'],
    input: { cases: generatedPoolCases },
    run: poolDriver,
    check: (actual, t) => checkPools(actual, generatedPoolCases, t, 'generated shapes and masks'),
  }),
  testCase({
    id: 'embedding-ignores-batch-companions',
    name: 'a short query gets the same embedding alone as in a batch with a long query',
    visible: false,
    rules: ['one-forward-pass'],
    input: { cases: [companions] },
    run: embedDriver,
    check: (actual, t) => checkEmbeds(actual, [companions], t, 'a short query alone and in a batch'),
  }),
  testCase({
    id: 'generated-encoders',
    name: 'embedTexts agrees with the reference on generated vocabularies and encoders of other widths',
    visible: false,
    rules: ['one-forward-pass', 'masked-mean', 'tensors'],
    input: { cases: generatedEncoders },
    run: embedDriver,
    check: (actual, t) => checkEmbeds(actual, generatedEncoders, t, 'generated vocabularies and encoder widths'),
  }),
  generatedCases({
    id: 'tokenises-and-encodes-generated-batches-like-the-reference',
    name: 'tokenizes and encodes like the reference for generated vocabularies, texts, batch sizes (none included) and maxLength down to 2',
    rules: ['normalise', 'split-words', 'greedy-longest-match', 'max-chars-per-word', 'empty-text', 'special-tokens', 'truncation', 'padding'],
    input: generatedEncodeInput,
    examples: [
      { tokenizer: moved, texts: [], maxLength: 2 },
      { tokenizer: moved, texts: ['refunded twice', '', 'not'], maxLength: 2 },
    ],
    count: 24,
    run: (user: User, input: EncodeCase) => {
      const out = user.encodeBatch(input.texts, input.tokenizer, input.maxLength);
      return { tokens: input.texts.map((text) => user.tokenize(text, input.tokenizer)), encoded: [out.inputIds, out.attentionMask] };
    },
    what: 'tokens and encoded batch',
    compare: (actual, _expected, t, input) => {
      const got = (actual ?? {}) as { tokens?: Plain; encoded?: Plain };
      checkTokens([got.tokens ?? null], [{ tokenizer: input.tokenizer, texts: input.texts }], t, 'WordPiece tokens on a generated vocabulary (greedy longest-match-first, ## pieces, one [UNK] per unmatchable or too long word)');
      checkEncoded(got.encoded ?? null, input, t, 'a generated batch');
    },
  }),
  generatedCases({
    id: 'pools-generated-masks-like-the-reference',
    name: 'mean-pools like the reference for generated batch sizes, widths, dims and masks (padding anywhere, rows with no real token)',
    rules: ['masked-mean', 'tensors'],
    input: generatedPoolInput,
    examples: [{ cases: [{ embeddings: [[[1, -1], [3, 5]], [[2, 2], [4, 4]]], mask: [[0, 0], [0, 1]], dim: 2 }] }],
    count: 20,
    run: poolDriver,
    what: 'mean-pooled rows',
    compare: (actual, _expected, t, input) => checkPools(actual, input.cases, t, 'generated shapes and masks'),
  }),
  generatedCases({
    id: 'embeds-generated-batches-like-the-reference',
    name: 'embeds like the reference with generated vocabularies and encoders of 1 to 8 dimensions, one forward pass per batch',
    rules: ['one-forward-pass', 'masked-mean', 'tensors'],
    input: generatedEmbedInput,
    count: 8,
    perCase: 2,
    run: embedDriver,
    what: 'embeddings',
    compare: (actual, _expected, t, input) => checkEmbeds(actual, input.cases, t, 'a generated encoder'),
  }),
]);
