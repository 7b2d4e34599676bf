/**
 * Builds data/index.json: help-centre article chunks as 24-dimensional unit vectors, the IVF
 * index's 32 coarse centroids, and 80 search queries with graded relevance judgments.
 *
 * Generated (no real articles or users): 12 topics, each with 4 subtopics; a chunk is its
 * subtopic's direction plus noise, normalised. Some chunks were ingested twice (exact duplicate
 * vectors, as happens when an article is re-published). The centroids come from 25 rounds of
 * k-means (spherical: assign by dot product, centroid = normalised mean) started from 32 seeded
 * chunks, the way a vector database trains its coarse quantiser. Queries are drawn like chunks;
 * some sit between two subtopics, where an approximate index is most likely to miss. Judgments
 * (grades 0-3) are what agents would give: 3 for the query's own subtopic, 2 for the same topic,
 * 0 otherwise, for every chunk among a query's 30 nearest plus 10 random ones; unjudged chunks
 * count as grade 0. Queries 0-39 are for tuning, 40-79 for the final report.
 *
 * Every vector is rounded to 4 decimals, and for every query the gap between two different
 * similarities among its 40 nearest chunks is more than 1e-4 (float32 and float64 rank alike);
 * equal similarities come only from duplicate chunks. No chunk or query is within 1e-5 of two
 * centroids, so every assignment and every probe is the same in float32 and float64.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/model-selection/tune-ivf-nprobe-for-recall/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 17_202;
const DIM = 24;
const TOPICS = 12;
const SUBTOPICS = 4;
const CHUNKS = 1_500;
const DUPLICATES = 40;
const NLIST = 32;
const QUERIES = 80;

const random = mulberry32(SEED);
function normal(): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const gaussian = () => Array.from({ length: DIM }, normal);
const round = (v: number[]) => v.map((x) => Math.round(x * 1e4) / 1e4);
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const mix = (parts: [number[], number][]) => unit(Array.from({ length: DIM }, (_, j) => parts.reduce((s, [v, w]) => s + v[j]! * w, 0)));

const topics = Array.from({ length: TOPICS }, () => unit(gaussian()));
const subtopics = topics.map((topic) => Array.from({ length: SUBTOPICS }, () => mix([[topic, 1], [unit(gaussian()), 0.7]])));

interface Chunk {
  topic: number;
  subtopic: number;
  vector: number[];
}
function draw(noise: number): Chunk {
  const topic = Math.floor(random() * TOPICS);
  const subtopic = Math.floor(random() * SUBTOPICS);
  return { topic, subtopic, vector: round(mix([[subtopics[topic]![subtopic]!, 1], [unit(gaussian()), noise]])) };
}

const chunks: Chunk[] = Array.from({ length: CHUNKS - DUPLICATES }, () => draw(1.1 + 0.6 * random()));
for (let i = 0; i < DUPLICATES; i += 1) {
  const original = chunks[Math.floor(random() * chunks.length)]!;
  chunks.splice(Math.floor(random() * chunks.length), 0, { ...original, vector: [...original.vector] });
}

/** Spherical k-means: assign by dot product (lower centroid first on ties), centroid = normalised mean. */
let centroids = Array.from({ length: NLIST }, () => chunks[Math.floor(random() * chunks.length)]!.vector);
for (let round_ = 0; round_ < 25; round_ += 1) {
  const sums = centroids.map(() => new Array<number>(DIM).fill(0));
  const counts = centroids.map(() => 0);
  for (const { vector } of chunks) {
    let best = 0;
    centroids.forEach((c, j) => {
      if (dot(vector, c) > dot(vector, centroids[best]!)) best = j;
    });
    counts[best]! += 1;
    vector.forEach((x, d) => (sums[best]![d]! += x));
  }
  centroids = centroids.map((c, j) => (counts[j]! > 0 ? unit(sums[j]!) : c));
}
centroids = centroids.map(round);

interface Query {
  vector: number[];
  judged: { id: number; grade: number }[];
}
function nearest(vector: number[], n: number): number[] {
  return chunks
    .map((c, id) => ({ id, s: dot(vector, c.vector) }))
    .sort((a, b) => b.s - a.s || a.id - b.id)
    .slice(0, n)
    .map((e) => e.id);
}
/** No two different similarities among the 40 nearest closer than 1e-4 (duplicates tie exactly). */
function wellSeparated(vector: number[]): boolean {
  const sims = nearest(vector, 40).map((id) => dot(vector, chunks[id]!.vector));
  return sims.every((s, i) => i === 0 || s === sims[i - 1] || sims[i - 1]! - s > 1e-4);
}
const queries: Query[] = [];
while (queries.length < QUERIES) {
  const between = random() < 0.3;
  const a = draw(1.2);
  const vector = between ? round(mix([[a.vector, 1], [subtopics[a.topic]![(a.subtopic + 1) % SUBTOPICS]!, 0.9]])) : a.vector;
  if (!wellSeparated(vector)) continue;
  const pool = new Set(nearest(vector, 30));
  while (pool.size < 40) pool.add(Math.floor(random() * chunks.length));
  const judged = [...pool]
    .sort((x, y) => x - y)
    .map((id) => {
      const c = chunks[id]!;
      return { id, grade: c.topic === a.topic ? (c.subtopic === a.subtopic ? 3 : 2) : 0 };
    });
  queries.push({ vector, judged });
}

/** float32 and float64 must agree on every assignment and every probe: no near-ties with centroids. */
const gaps = (v: number[]) => {
  const s = centroids.map((c) => dot(v, c)).sort((a, b) => b - a);
  return s.slice(1).map((x, i) => s[i]! - x);
};
if (chunks.some((c) => gaps(c.vector)[0]! <= 1e-5) || queries.some((q) => gaps(q.vector).some((g) => g <= 1e-5))) {
  throw new Error('a chunk or a query is within 1e-5 of two centroids: change the seed');
}

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'data', 'index.json');
const line = (o: unknown) => `    ${JSON.stringify(o)}`;
fs.writeFileSync(
  out,
  `{\n  "dim": ${DIM},\n  "corpus": [\n${chunks.map((c) => line(c.vector)).join(',\n')}\n  ],\n  "centroids": [\n${centroids.map(line).join(',\n')}\n  ],\n  "queries": [\n${queries
    .map((q, i) => line({ split: i < QUERIES / 2 ? 'tune' : 'test', vector: q.vector, judged: q.judged }))
    .join(',\n')}\n  ]\n}\n`,
);
console.log(`wrote ${chunks.length} chunks, ${centroids.length} centroids and ${queries.length} queries to ${path.relative(process.cwd(), out)}`);
