#!/usr/bin/env bash
# The whole test suite: install what is missing, build everything, run every test with ctest.
# Pass "asan" to build and test under AddressSanitizer + UBSan instead.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${1:-default}

"$root/scripts/install-deps.sh"
cd "$root"
cmake --preset "$preset" -DRETORT_BUILD_TESTS=ON >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" -j"$(nproc)"
