#!/usr/bin/env bash
# The whole test suite: install what is missing, then build everything and run every test with
# ctest twice: as released (preset "default"), and under AddressSanitizer + UBSan (preset
# "asan"), where a leak, an overflow or undefined behaviour in any test or CLI run fails it.
# Name presets to run only those, e.g. `./scripts/test.sh default` for a quicker local pass.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if (($# == 0)); then
  set -- default asan
fi

"$root/scripts/install-deps.sh"
cd "$root"
for preset in "$@"; do
  echo "test: preset $preset"
  cmake --preset "$preset" -DRETORT_BUILD_TESTS=ON >/dev/null
  cmake --build --preset "$preset" -j"$(nproc)"
  ctest --preset "$preset" -j"$(nproc)"
done
