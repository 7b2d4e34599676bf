import type { NextConfig } from 'next';
import { buildEditorAssets } from './lib/workspace/build-editor-assets';

/** Monaco and its workers, prebuilt as static files (see lib/workspace/build-editor-assets.ts). */
const editorAssets = buildEditorAssets(process.cwd());

const nextConfig: NextConfig = {
  // Native and binary packages stay outside the server bundle.
  serverExternalPackages: ['better-sqlite3', 'isolated-vm', 'esbuild'],
  // No telemetry or other outbound requests from the app.
  poweredByHeader: false,
  env: { NEXT_PUBLIC_EDITOR_ASSETS: editorAssets },
  async headers() {
    // The folder's name changes with its content, so its files never change: cached for a year.
    return [{ source: '/editor/:path*', headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }] }];
  },
};

export default nextConfig;
