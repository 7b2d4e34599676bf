/**
 * Reading the committed zoo (host side: build scripts, exercise tests, vitest). Paths are relative
 * to the project root, the working directory of every command and of the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModelArtifactsData } from '@/lib/grading/test-api';
import type { ModelCard } from './model-card';
import { readModelArtifacts } from './save-model';

export const ZOO_DIR = 'exercises/zoo';

/** A zoo model as the artifacts `h.loadModel` builds a layers model from inside the sandbox. */
export function readZooModel(name: string, zooDir = ZOO_DIR): ModelArtifactsData {
  return readModelArtifacts(path.resolve(zooDir, name));
}

export function readZooCard(name: string, zooDir = ZOO_DIR): ModelCard {
  return JSON.parse(fs.readFileSync(path.resolve(zooDir, name, 'card.json'), 'utf8')) as ModelCard;
}
