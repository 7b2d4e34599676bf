import * as tf from '@tensorflow/tfjs';

// search-encoder.ts: the TypeScript port of the help-centre search encoder's front end.
// Known problems: "refunded twice" finds nothing about refunds, a one-word query's embedding
// changes with the batch it is in, and queries come out mostly as [UNK].

export interface Tokenizer {
  vocab: string[];
  maxCharsPerWord: number;
}

export interface EncodedBatch {
  inputIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
}

const PADDED_LENGTH = 32;

export function tokenize(text: string, tokenizer: Tokenizer): string[] {
  // TODO: WordPiece (## pieces, greedy longest match), accents, punctuation, maxCharsPerWord.
  return text
    .toLowerCase()
    .split(' ')
    .filter((word) => word.length > 0)
    .map((word) => (tokenizer.vocab.includes(word) ? word : '[UNK]'));
}

export function encodeBatch(texts: string[], tokenizer: Tokenizer, maxLength: number): EncodedBatch {
  void maxLength;
  const rows = texts.map((text) => {
    const ids = ['[CLS]', ...tokenize(text, tokenizer), '[SEP]'].map((token) => tokenizer.vocab.indexOf(token));
    return [...ids, ...new Array<number>(PADDED_LENGTH).fill(0)].slice(0, PADDED_LENGTH);
  });
  return {
    inputIds: tf.tensor2d(rows, [texts.length, PADDED_LENGTH], 'int32'),
    attentionMask: tf.ones([texts.length, PADDED_LENGTH], 'int32') as tf.Tensor2D,
  };
}

export function meanPool(tokenEmbeddings: tf.Tensor3D, attentionMask: tf.Tensor2D): tf.Tensor2D {
  void attentionMask;
  return tokenEmbeddings.mean(1);
}

export function embedTexts(model: tf.LayersModel, tokenizer: Tokenizer, texts: string[], maxLength: number): tf.Tensor2D {
  const { inputIds, attentionMask } = encodeBatch(texts, tokenizer, maxLength);
  const tokenEmbeddings = model.predict(inputIds) as tf.Tensor3D;
  return meanPool(tokenEmbeddings, attentionMask);
}
