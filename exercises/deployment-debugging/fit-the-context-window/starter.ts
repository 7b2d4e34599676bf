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

// ---- The search team's WordPiece tokenizer: correct, use it for every count ----

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

// ---- The prompt builder as it runs today ----

/** About four characters per token. */
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** Retrieval's order is good enough. TODO: rank with the encoder. */
export function rankChunks(model: tf.LayersModel, tokenizer: Tokenizer, query: string, chunks: string[]): RankedChunk[] {
  return chunks.map((_, index) => ({ index, score: 0 }));
}

/** TODO: pack on tokens. */
export function packPrompt(parts: PromptParts, budget: Budget): PackedPrompt {
  const tokens = ['[CLS]', ...parts.system, '[SEP]', ...parts.ranked.flatMap((c) => [...c, '[SEP]']), ...parts.history.flatMap((t) => [...t, '[SEP]']), ...parts.query, '[SEP]'].slice(0, budget.contextWindow);
  const history = parts.history.map((t) => t.length + 1);
  const chunks = parts.ranked.map((c) => ({ tokens: c.length + 1, truncated: false }));
  return { tokens, history, chunks, counts: { system: parts.system.length + 2, history: 0, chunks: 0, query: parts.query.length + 1, total: tokens.length } };
}

/** Cuts the text to what fits in `tokens` by the estimate. */
const cutText = (text: string, tokens: number) => text.slice(0, Math.max(tokens, 0) * 4);

export function buildPrompt(model: tf.LayersModel, tokenizer: Tokenizer, request: PromptRequest, budget: Budget): BuiltPrompt {
  let room = budget.contextWindow - estimateTokens(request.query);
  const system = cutText(request.system, room);
  room -= estimateTokens(system);
  const turns = request.history.map((turn) => turn.text).filter((text) => {
    room -= estimateTokens(text);
    return room > 0;
  });
  const kept: { index: number; text: string; truncated: boolean }[] = [];
  request.chunks.forEach((text, index) => {
    if (room <= 0) return;
    const cut = cutText(text, room);
    kept.push({ index, text: cut, truncated: cut !== text });
    room -= estimateTokens(cut);
  });
  const ids = new Map(tokenizer.vocab.map((token, id) => [token, id] as const));
  const tokensOf = (text: string) => tokenize(text, tokenizer);
  const segments = [['[CLS]', ...tokensOf(system), '[SEP]'], ...kept.map((c) => [...tokensOf(c.text), '[SEP]']), ...turns.map((t) => [...tokensOf(t), '[SEP]']), [...tokensOf(request.query), '[SEP]']];
  const all = segments.flat();
  return {
    ids: all.map((token) => ids.get(token) ?? 1),
    chunks: kept.map((c) => ({ index: c.index, score: 0, tokens: tokensOf(c.text).length + 1, truncated: c.truncated })),
    history: turns.map((t) => tokensOf(t).length + 1),
    counts: { system: segments[0]!.length, history: 0, chunks: 0, query: segments[segments.length - 1]!.length, total: all.length },
  };
}
