import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ZooIndexEntry } from '@/lib/zoo/build-zoo';
import { renderCard } from '@/lib/zoo/model-card';
import { readZooCard, readZooModel, ZOO_DIR } from '@/lib/zoo/read-zoo';

const index = JSON.parse(fs.readFileSync(path.join(ZOO_DIR, 'zoo.json'), 'utf8')) as ZooIndexEntry[];

describe('the committed model zoo', () => {
  it('holds tabular classifiers of several sizes on one task, an image classifier and an embedder', () => {
    const regions = index.filter((e) => e.name.startsWith('region-'));
    expect(regions.length).toBeGreaterThanOrEqual(3);
    expect(new Set(regions.map((e) => e.parameters)).size).toBe(regions.length);
    expect(index.some((e) => e.name === 'glyphs-cnn' && e.kind === 'classifier')).toBe(true);
    expect(index.some((e) => e.kind === 'embedder')).toBe(true);
  });

  it('stays small: the whole zoo is under 1 MB', () => {
    const total = index.reduce((sum, e) => sum + e.totalBytes, 0);
    expect(total).toBeLessThan(1024 * 1024);
  });

  describe.each(index.map((e) => e.name))('%s', (name) => {
    const card = readZooCard(name);

    it('has a card with task, inputs and preprocessing, held-out metrics, size, latency with its machine, and licences', () => {
      expect(card.name).toBe(name);
      expect(card.task.length).toBeGreaterThan(20);
      expect(card.inputs.preprocessing.length).toBeGreaterThan(3);
      expect(Object.keys(card.metrics).length).toBeGreaterThan(0);
      expect(card.latency?.measurements.length).toBeGreaterThan(0);
      expect(card.latency?.machine.cores).toBeGreaterThan(0);
      expect(card.licence).toMatch(/licence/i);
      expect(card.data.licence.length).toBeGreaterThan(3);
      expect(fs.readFileSync(path.join(ZOO_DIR, name, 'card.md'), 'utf8')).toBe(renderCard(card));
    });

    it('states its parameter count and size as the saved files have them', () => {
      const artifacts = readZooModel(name);
      expect(artifacts.weightData.length).toBe(card.parameters);
      expect(fs.statSync(path.join(ZOO_DIR, name, 'weights.bin')).size).toBe(card.size.weightsBytes);
      expect(fs.statSync(path.join(ZOO_DIR, name, 'model.json')).size).toBe(card.size.modelJsonBytes);
      expect(card.size.totalBytes).toBe(card.size.weightsBytes + card.size.modelJsonBytes);
    });
  });

  it('classifier cards report accuracy on both the validation and the test split', () => {
    for (const entry of index.filter((e) => e.kind === 'classifier')) {
      const card = readZooCard(entry.name);
      expect(card.metrics.validation).toMatchObject({ accuracy: expect.any(Number), rows: expect.any(Number) });
      expect(card.metrics.test).toMatchObject({ accuracy: expect.any(Number), rows: expect.any(Number) });
    }
  });
});
