/**
 * Checks that the committed pretrained-network outputs (exercises/zoo/pretrained/) are reproduced,
 * cheaply enough for CI: every swatch image is redrawn and hashed against the card, and
 * MobileNetV2 is run again on the first photo of each pattern and compared with the committed
 * embeddings and probabilities (|difference| <= 2e-4: one unit of the last of 4 decimals, plus
 * a rounding flip). InceptionV3 is not rerun here: about 1.5 s per photo on the wasm backend.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SWATCH_PATTERNS } from './draw-swatch';
import { drawSwatchSet, embeddingsFile, embedImages, hashImages, PRETRAINED_DIR, startDeterministicWasm, type EmbeddedImage } from './build-pretrained';
import { loadNsfwjsNetwork, NSFWJS_NETWORKS } from './nsfwjs-networks';

const TOLERANCE = 2e-4;

export async function checkPretrained(dir = PRETRAINED_DIR): Promise<{ problems: string[]; worstDifference: number }> {
  const problems: string[] = [];
  const card = JSON.parse(fs.readFileSync(path.resolve(dir, 'card.json'), 'utf8')) as { images: { sha256: string } };
  const images = drawSwatchSet();
  const sha256 = hashImages(images);
  if (sha256 !== card.images.sha256) problems.push(`pretrained: the swatch images are not reproduced (sha256 ${sha256}, card says ${card.images.sha256})`);
  await startDeterministicWasm();
  const spec = NSFWJS_NETWORKS[0]!;
  const committed = JSON.parse(fs.readFileSync(path.resolve(dir, embeddingsFile(spec)), 'utf8')) as { images: EmbeddedImage[] };
  const sample = images.slice(0, SWATCH_PATTERNS.length);
  const network = await loadNsfwjsNetwork(spec);
  const rebuilt = embedImages(network, sample);
  network.dispose();
  let worstDifference = 0;
  for (const image of rebuilt) {
    const kept = committed.images.find((i) => i.id === image.id);
    if (!kept) {
      problems.push(`pretrained: ${embeddingsFile(spec)} has no image ${image.id}`);
      continue;
    }
    const worst = Math.max(...image.embedding.map((v, j) => Math.abs(v - kept.embedding[j]!)), ...image.probabilities.map((v, j) => Math.abs(v - kept.probabilities[j]!)));
    worstDifference = Math.max(worstDifference, worst);
    if (!(worst <= TOLERANCE)) problems.push(`pretrained: ${spec.name} on ${image.id} differs from the committed outputs by ${worst}`);
  }
  return { problems, worstDifference };
}
