/** How well an embedding separates classes: nearest-centroid accuracy with cosine similarity. */

const normalise = (v: number[]) => {
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
};

/** Mean of the L2-normalised support vectors of each class, normalised again. */
export function classCentroids(vectors: number[][], labels: number[], classes: number): number[][] {
  const sums = Array.from({ length: classes }, () => new Array<number>(vectors[0]?.length ?? 0).fill(0));
  vectors.forEach((v, i) => normalise(v).forEach((x, j) => (sums[labels[i]!]![j]! += x)));
  return sums.map(normalise);
}

/** Share of queries whose most similar centroid is their own class. */
export function nearestCentroidAccuracy(centroids: number[][], queries: number[][], labels: number[]): number {
  let correct = 0;
  queries.forEach((q, i) => {
    const u = normalise(q);
    let best = 0;
    let bestScore = -Infinity;
    centroids.forEach((c, k) => {
      const score = c.reduce((sum, x, j) => sum + x * u[j]!, 0);
      if (score > bestScore) [best, bestScore] = [k, score];
    });
    if (best === labels[i]) correct += 1;
  });
  return queries.length === 0 ? 0 : Number((correct / queries.length).toFixed(6));
}
