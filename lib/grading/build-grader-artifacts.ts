import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

export interface GraderArtifacts {
  /** tfjs + trusted runtime, evaluated at the start of every sandbox context. */
  runtimeFile: string;
  /** The grader process entry. */
  workerFile: string;
}

const projectDir = process.cwd();
const sourceDir = path.join(projectDir, 'lib', 'grading');

/** Writes atomically so parallel builders (tests, dev server) never read a half-written file. */
function writeAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

let pending: Promise<GraderArtifacts> | undefined;

/**
 * Bundles the sandbox runtime (with tfjs) and the grader process once per server process,
 * into `data/cache/grader/`. Takes about half a second.
 */
export function buildGraderArtifacts(outDir = path.join(projectDir, 'data', 'cache', 'grader')): Promise<GraderArtifacts> {
  pending ??= (async () => {
    fs.mkdirSync(outDir, { recursive: true });
    const [runtime, worker] = await Promise.all([
      build({
        entryPoints: [path.join(sourceDir, 'sandbox', 'isolate-entry.ts')],
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        write: false,
        logLevel: 'silent',
        // Strict like the ES modules it is built from; strict functions never show up as a
        // submission function's `caller`, so no runtime function can be reached that way.
        banner: { js: "'use strict';" },
        inject: [path.join(sourceDir, 'sandbox', 'tfjs-global-namespace.ts')],
        define: { 'process.env.NODE_ENV': '"production"' },
      }),
      build({
        entryPoints: [path.join(sourceDir, 'worker', 'grader-worker.ts')],
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node22',
        external: ['isolated-vm'],
        write: false,
        logLevel: 'silent',
      }),
    ]);
    const runtimeFile = path.join(outDir, 'runtime.js');
    const workerFile = path.join(outDir, 'worker.cjs');
    writeAtomic(runtimeFile, runtime.outputFiles[0]!.text);
    // The worker resolves isolated-vm from the project's node_modules, wherever the bundle lives.
    writeAtomic(workerFile, worker.outputFiles[0]!.text.replace(/require\("isolated-vm"\)/g, `require(${JSON.stringify(createRequire(path.join(projectDir, 'package.json')).resolve('isolated-vm'))})`));
    return { runtimeFile, workerFile };
  })();
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}
