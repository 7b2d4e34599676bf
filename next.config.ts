import type { NextConfig } from 'next';
import { buildEditorAssets } from './lib/workspace/build-editor-assets';
import { editorAssetRoutes } from './lib/workspace/editor-asset-routes';

export default async function config(): Promise<NextConfig> {
  /** Monaco and its workers, prebuilt as static files (see lib/workspace/build-editor-assets.ts). */
  const editorAssets = await buildEditorAssets(process.cwd());
  const editorRoutes = editorAssetRoutes();
  return {
    // Native and binary packages stay outside the server bundle.
    serverExternalPackages: ['better-sqlite3', 'isolated-vm', 'esbuild', 'pg-boss'],
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
