#!/usr/bin/env bash
# Prints the path of a working `uv`, installing it from PyPI first when the machine has none.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
for candidate in "$HOME/.local/bin/uv" "$(python3 -m site --user-base 2>/dev/null)/bin/uv"; do
  if [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
echo "Installing uv from PyPI…" >&2
python3 -m pip install --user --quiet uv >&2 2>/dev/null \
  || python3 -m pip install --user --quiet --break-system-packages uv >&2
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
echo "$(python3 -m site --user-base)/bin/uv"
