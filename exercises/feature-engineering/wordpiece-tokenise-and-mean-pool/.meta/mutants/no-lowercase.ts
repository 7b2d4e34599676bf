// mistake: strips accents but does not lowercase, so REFUND is not refund
// expect: lowercase, then strip accents (NFD
import * as tf from '@tensorflow/tfjs';

export interface Tokenizer {
  vocab: string[]; // the token with id i is vocab[i]; includes [PAD], [UNK], [CLS] and [SEP]
  maxCharsPerWord: number; // a longer word becomes one [UNK]
}

export interface EncodedBatch {
  inputIds: tf.Tensor2D; // int32 [texts, width]
  attentionMask: tf.Tensor2D; // int32 [texts, width]: 1 for a real token, 0 for padding
}

/** Lowercase, strip accents, then words: runs of letters and digits, and every other non-space character on its own. */
function splitWords(text: string): string[] {
  const plain = text.normalize('NFD').replace(/\p{Mn}/gu, '');
  return plain.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

/** Greedy longest-match-first; continuation pieces carry `##`; a word with any unmatchable part is one [UNK]. */
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

function idOf(ids: Map<string, number>, token: string): number {
  const id = ids.get(token);
  if (id === undefined) throw new Error(`the vocabulary has no ${token} token`);
  return id;
}

export function encodeBatch(texts: string[], tokenizer: Tokenizer, maxLength: number): EncodedBatch {
  if (!(Number.isInteger(maxLength) && maxLength >= 2)) throw new Error(`maxLength must be at least 2 (room for [CLS] and [SEP]), got ${maxLength}`);
  const ids = new Map<string, number>();
  tokenizer.vocab.forEach((token, id) => {
    if (!ids.has(token)) ids.set(token, id);
  });
  const [pad, cls, sep] = ['[PAD]', '[CLS]', '[SEP]'].map((token) => idOf(ids, token)) as [number, number, number];
  // Truncate the text's tokens, never the markers: [CLS] first and [SEP] last, always.
  const sequences = texts.map((text) => [cls, ...tokenize(text, tokenizer).slice(0, maxLength - 2).map((token) => idOf(ids, token)), sep]);
  // Pad to the longest sequence of this batch (at most maxLength), not always to maxLength.
  const width = sequences.reduce((longest, sequence) => Math.max(longest, sequence.length), 0);
  const padded = sequences.map((sequence) => [...sequence, ...new Array<number>(width - sequence.length).fill(pad)]);
  const mask = sequences.map((sequence) => Array.from({ length: width }, (_, j) => (j < sequence.length ? 1 : 0)));
  return {
    inputIds: tf.tensor2d(padded.flat(), [texts.length, width], 'int32'),
    attentionMask: tf.tensor2d(mask.flat(), [texts.length, width], 'int32'),
  };
}

/** Mean of the token vectors the mask marks as real; a row with no real token is all zeros. */
export function meanPool(tokenEmbeddings: tf.Tensor3D, attentionMask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const mask = attentionMask.toFloat().expandDims(2); // [batch, seq, 1]
    const summed = tokenEmbeddings.mul(mask).sum(1); // [batch, dim]
    const counts = mask.sum(1).maximum(1); // [batch, 1]; 0 real tokens divides 0 by 1
    return summed.div(counts) as tf.Tensor2D;
  });
}

export function embedTexts(model: tf.LayersModel, tokenizer: Tokenizer, texts: string[], maxLength: number): tf.Tensor2D {
  const { inputIds, attentionMask } = encodeBatch(texts, tokenizer, maxLength);
  try {
    // One forward pass for the whole batch, then pool only the real tokens.
    return tf.tidy(() => meanPool(model.predict(inputIds) as tf.Tensor3D, attentionMask));
  } finally {
    inputIds.dispose();
    attentionMask.dispose();
  }
}
