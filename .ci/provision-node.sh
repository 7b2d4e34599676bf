#!/usr/bin/env bash
# Provides an official Node.js build the way a hosted CI's setup step does, from the npm registry's
# `node-linux-<arch>` package (bin/node plus the headers native addons build against). Unpacked once
# into a cache folder and reused; prints that folder. Usage: provision-node.sh 24.22.3
set -euo pipefail
version="${1:?usage: provision-node.sh <version>}"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "provision-node: no node-linux build for $(uname -m)" >&2; exit 1 ;;
esac
cache="${NODE_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ml-practice-studio/node}"
dir="$cache/$version-$arch"
if [ ! -x "$dir/bin/node" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-$arch@$version" >/dev/null)
  mkdir -p "$work/unpacked" "$cache"
  tar -xzf "$work"/node-linux-*.tgz -C "$work/unpacked" --strip-components=1
  rm -rf "$dir" && mv "$work/unpacked" "$dir"
fi
[ "$("$dir/bin/node" --version)" = "v$version" ] || { echo "provision-node: $dir/bin/node is not v$version" >&2; exit 1; }
echo "$dir"
