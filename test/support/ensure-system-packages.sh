#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing (only those named, when
# packages are named: `ensure-system-packages.sh postgresql bubblewrap`):
#   chromium    - the browser the end-to-end tests drive (never a downloaded browser build)
#   bubblewrap  - OS confinement of grader processes, so tests exercise the confined path
#   postgresql  - the server the database tests also run against (a throwaway cluster per suite,
#                 test/support/postgres-cluster.ts); its service is not started
set -euo pipefail

wanted=" ${*:-chromium bubblewrap postgresql} "
missing=()
[[ $wanted == *" chromium "* ]] && ! command -v chromium >/dev/null 2>&1 && missing+=(chromium)
[[ $wanted == *" bubblewrap "* ]] && ! command -v bwrap >/dev/null 2>&1 && missing+=(bubblewrap)
[[ $wanted == *" postgresql "* ]] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages for the tests: ${missing[*]}"
apt-get update -qq
# A policy-rc.d answering 101 keeps packages from starting services while they install: the tests
# start their own PostgreSQL cluster, and none is left running on the machine's port 5432.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
