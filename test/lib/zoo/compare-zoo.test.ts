import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareZoo } from '@/lib/zoo/compare-zoo';
import { ZOO_DIR } from '@/lib/zoo/read-zoo';

const MODEL = 'region-mlp-s';
const made: string[] = [];

/** A one-model zoo copied from the committed one. */
function copyZoo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-test-'));
  made.push(dir);
  fs.cpSync(path.join(ZOO_DIR, MODEL), path.join(dir, MODEL), { recursive: true });
  const index = JSON.parse(fs.readFileSync(path.join(ZOO_DIR, 'zoo.json'), 'utf8')) as { name: string }[];
  fs.writeFileSync(path.join(dir, 'zoo.json'), JSON.stringify(index.filter((e) => e.name === MODEL)));
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('compareZoo', () => {
  it('accepts an identical rebuild', () => {
    const result = compareZoo(copyZoo(), copyZoo());
    expect(result.problems).toEqual([]);
    expect(result.models[0]).toMatchObject({ name: MODEL, maxWeightDifference: 0, maxMetricDifference: 0 });
  });

  it('detects one changed weight and names the model and the weight', () => {
    const [committed, rebuilt] = [copyZoo(), copyZoo()];
    const file = path.join(rebuilt, MODEL, 'weights.bin');
    const weights = fs.readFileSync(file);
    weights.writeFloatLE(weights.readFloatLE(12) + 0.01, 12);
    fs.writeFileSync(file, weights);
    const { problems } = compareZoo(committed, rebuilt);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^region-mlp-s: weight 3 differs by 1\.00e-2/);
  });

  it('tolerates weight noise below the tolerance', () => {
    const [committed, rebuilt] = [copyZoo(), copyZoo()];
    const file = path.join(rebuilt, MODEL, 'weights.bin');
    const weights = fs.readFileSync(file);
    weights.writeFloatLE(weights.readFloatLE(0) + 1e-7, 0);
    fs.writeFileSync(file, weights);
    expect(compareZoo(committed, rebuilt).problems).toEqual([]);
  });

  it('detects a held-out metric that moved', () => {
    const [committed, rebuilt] = [copyZoo(), copyZoo()];
    const file = path.join(rebuilt, MODEL, 'card.json');
    const card = JSON.parse(fs.readFileSync(file, 'utf8'));
    card.metrics.test.accuracy -= 0.02;
    fs.writeFileSync(file, JSON.stringify(card));
    expect(compareZoo(committed, rebuilt).problems).toEqual([expect.stringMatching(/^region-mlp-s: metric test\.accuracy is .* rebuilt/)]);
  });

  it('detects a model that the build no longer makes', () => {
    const [committed, rebuilt] = [copyZoo(), copyZoo()];
    fs.writeFileSync(path.join(rebuilt, 'zoo.json'), '[]');
    expect(compareZoo(committed, rebuilt).problems).toEqual(['region-mlp-s: committed but the build no longer makes it']);
  });
});
