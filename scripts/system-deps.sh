#!/usr/bin/env bash
# Installs the Debian packages a target needs when they are missing and apt can be used.
# Usage: scripts/system-deps.sh chromium fonts-nanum ...   (never fails the build by itself:
# the tests that need a missing package skip with the reason).
set -uo pipefail
missing=()
for package in "$@"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Not installed and no apt-get here: ${missing[*]} (tests that need them will skip)." >&2; exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "Need root to install: ${missing[*]} (tests that need them will skip)." >&2; exit 0; fi
fi
echo "Installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || echo "Could not install: ${missing[*]} (tests that need them will skip)." >&2
exit 0
