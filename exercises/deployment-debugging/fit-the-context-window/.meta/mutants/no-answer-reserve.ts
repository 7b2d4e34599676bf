// mistake: lets the prompt fill the whole context window, leaving the model no room to answer
// expect: within contextWindow − answerReserve
import * as tf from '@tensorflow/tfjs';

export interface Tokenizer {
  vocab: string[]; // the token with id i is vocab[i]; includes [PAD], [UNK], [CLS] and [SEP]
  maxCharsPerWord: number; // a longer word becomes one [UNK]
}

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface PromptRequest {
  system: string;
  /** The conversation so far, oldest first. */
  history: Turn[];
  /** The user's new message. */
  query: string;
  /** What retrieval returned, in its order. */
  chunks: string[];
}

export interface Budget {
  contextWindow: number;
  answerReserve: number;
  minChunkTokens: number;
}

export interface RankedChunk {
  index: number;
  score: number;
}

export interface PromptParts {
  system: string[];
  /** Oldest first. */
  history: string[][];
  query: string[];
  /** Best first. */
  ranked: string[][];
}

export interface PackedPrompt {
  /** [CLS] system [SEP] chunk [SEP] … turn [SEP] … query [SEP] */
  tokens: string[];
  /** How many of the newest turns are in, and how many tokens each of them takes (with its [SEP]), oldest first. */
  history: number[];
  /** The chunks in, best first: tokens each takes (with its [SEP]) and whether it was cut. */
  chunks: { tokens: number; truncated: boolean }[];
  counts: { system: number; history: number; chunks: number; query: number; total: number };
}

export interface BuiltPrompt {
  ids: number[];
  /** The chunks in, in the order they appear: their index in request.chunks, score, tokens (with [SEP]), whether cut. */
  chunks: { index: number; score: number; tokens: number; truncated: boolean }[];
  history: number[];
  counts: { system: number; history: number; chunks: number; query: number; total: number };
}

// ---- The search team's WordPiece tokenizer (unchanged) ----

function splitWords(text: string): string[] {
  const plain = text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
  return plain.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

function wordPieces(word: string, known: Set<string>, maxCharsPerWord: number): string[] {
  const chars = Array.from(word);
  if (chars.length > maxCharsPerWord) return ['[UNK]'];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let piece: string | undefined;
    for (; end > start; end -= 1) {
      const candidate = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
      if (known.has(candidate)) {
        piece = candidate;
        break;
      }
    }
    if (piece === undefined) return ['[UNK]'];
    pieces.push(piece);
    start = end;
  }
  return pieces;
}

export function tokenize(text: string, tokenizer: Tokenizer): string[] {
  const known = new Set(tokenizer.vocab);
  return splitWords(text).flatMap((word) => wordPieces(word, known, tokenizer.maxCharsPerWord));
}

// ---- Ranking ----

function idsOf(vocab: string[]): Map<string, number> {
  const ids = new Map<string, number>();
  vocab.forEach((token, id) => {
    if (!ids.has(token)) ids.set(token, id);
  });
  return ids;
}

/**
 * Scores every chunk by the cosine similarity of its embedding with the query's: the query and
 * all chunks as [CLS] tokens [SEP], padded to the longest, one forward pass, the mean over real
 * tokens only. Best first; equal scores keep the lower index first.
 */
export function rankChunks(model: tf.LayersModel, tokenizer: Tokenizer, query: string, chunks: string[]): RankedChunk[] {
  if (chunks.length === 0) return [];
  const ids = idsOf(tokenizer.vocab);
  const sequences = [query, ...chunks].map((text) => ['[CLS]', ...tokenize(text, tokenizer), '[SEP]'].map((token) => ids.get(token)!));
  const width = Math.max(...sequences.map((s) => s.length));
  const pad = ids.get('[PAD]')!;
  const scores = tf.tidy(() => {
    const input = tf.tensor2d(sequences.map((s) => [...s, ...new Array<number>(width - s.length).fill(pad)]), [sequences.length, width], 'int32');
    const mask = tf.tensor2d(sequences.map((s) => Array.from({ length: width }, (_, j) => (j < s.length ? 1 : 0))), [sequences.length, width]).expandDims(2);
    const pooled = (model.predict(input) as tf.Tensor3D).mul(mask).sum(1).div(mask.sum(1));
    const norms = pooled.norm('euclidean', 1, true);
    const unit = pooled.div(tf.where(norms.equal(0), tf.onesLike(norms), norms));
    const [q, rest] = tf.split(unit, [1, chunks.length]);
    return tf.matMul(rest!, q!, false, true).reshape([chunks.length]).arraySync() as number[];
  });
  return scores.map((score, index) => ({ index, score })).sort((a, b) => b.score - a.score || a.index - b.index);
}

// ---- Packing ----

/** The first `room` tokens, shortened so that the cut never leaves the front of a word without its `##` pieces. */
function cutAtWord(tokens: string[], room: number): string[] {
  let keep = Math.max(room, 0);
  while (keep > 0 && tokens[keep]?.startsWith('##')) keep -= 1;
  return tokens.slice(0, keep);
}

/**
 * Fits the prompt into contextWindow − answerReserve tokens: system prompt and query whole (or an
 * error), then whole turns newest first until one does not fit, then chunks best first while they
 * fit whole; the first that does not is cut at a word boundary if minChunkTokens of it fit, else
 * dropped, and packing stops there.
 */
export function packPrompt(parts: PromptParts, budget: Budget): PackedPrompt {
  const limit = budget.contextWindow;
  const system = 1 + parts.system.length + 1;
  const query = parts.query.length + 1;
  if (system + query > limit) throw new Error(`the system prompt and the query need ${system + query} tokens: the prompt does not fit in ${limit}`);
  let room = limit - system - query;

  const turns: string[][] = [];
  for (let i = parts.history.length - 1; i >= 0; i -= 1) {
    const turn = parts.history[i]!;
    if (turn.length + 1 > room) break;
    turns.unshift(turn);
    room -= turn.length + 1;
  }

  const chunks: { tokens: string[]; truncated: boolean }[] = [];
  for (const chunk of parts.ranked) {
    if (chunk.length + 1 <= room) {
      chunks.push({ tokens: chunk, truncated: false });
      room -= chunk.length + 1;
      continue;
    }
    const cut = cutAtWord(chunk, room - 1);
    if (cut.length >= budget.minChunkTokens) chunks.push({ tokens: cut, truncated: true });
    break;
  }

  const tokens = [
    '[CLS]', ...parts.system, '[SEP]',
    ...chunks.flatMap((c) => [...c.tokens, '[SEP]']),
    ...turns.flatMap((t) => [...t, '[SEP]']),
    ...parts.query, '[SEP]',
  ];
  const history = turns.map((t) => t.length + 1);
  const chunkCounts = chunks.map((c) => ({ tokens: c.tokens.length + 1, truncated: c.truncated }));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    tokens,
    history,
    chunks: chunkCounts,
    counts: { system, history: sum(history), chunks: sum(chunkCounts.map((c) => c.tokens)), query, total: tokens.length },
  };
}

/** The whole builder: tokenise, rank the chunks with the encoder, pack, and map the tokens to ids. */
export function buildPrompt(model: tf.LayersModel, tokenizer: Tokenizer, request: PromptRequest, budget: Budget): BuiltPrompt {
  const ranking = rankChunks(model, tokenizer, request.query, request.chunks);
  const packed = packPrompt(
    {
      system: tokenize(request.system, tokenizer),
      history: request.history.map((turn) => tokenize(turn.text, tokenizer)),
      query: tokenize(request.query, tokenizer),
      ranked: ranking.map((r) => tokenize(request.chunks[r.index]!, tokenizer)),
    },
    budget,
  );
  const ids = idsOf(tokenizer.vocab);
  return {
    ids: packed.tokens.map((token) => ids.get(token)!),
    chunks: packed.chunks.map((c, i) => ({ ...ranking[i]!, ...c })),
    history: packed.history,
    counts: packed.counts,
  };
}
