import type { NextConfig } from 'next';
import { buildEditorAssets } from './lib/workspace/build-editor-assets';
import { editorAssetRoutes } from './lib/workspace/editor-asset-routes';

export default async function config(): Promise<NextConfig> {
  /** Monaco and its workers, prebuilt as static files (see lib/workspace/build-editor-assets.ts). */
  const editorAssets = await buildEditorAssets(process.cwd());
  const editorRoutes = editorAssetRoutes();
  return {
    // Loaded by Node from node_modules instead of bundled into the server: native and binary
    // packages, which cannot be bundled, and the large server-only libraries, which `next dev`
    // would otherwise compile on the first visit of every page that reaches them.
    serverExternalPackages: ['better-sqlite3', 'isolated-vm', 'esbuild', 'drizzle-orm', 'better-auth', 'fast-check', 'papaparse', 'ts-fsrs', 'rate-limiter-flexible', 'source-map-js', 'pg-boss'],
    // No telemetry or other outbound requests from the app.
    poweredByHeader: false,
    env: { NEXT_PUBLIC_EDITOR_ASSETS: editorAssets },
    async rewrites() {
      return { beforeFiles: editorRoutes.rewrites, afterFiles: [], fallback: [] };
    },
    async headers() {
      return editorRoutes.headers;
    },
  };
}
