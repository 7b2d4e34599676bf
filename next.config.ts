import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and binary packages stay outside the server bundle.
  serverExternalPackages: ['better-sqlite3', 'isolated-vm', 'esbuild'],
  // No telemetry or other outbound requests from the app.
  poweredByHeader: false,
};

export default nextConfig;
