#!/usr/bin/env bash
# Installs the Debian 12 packages retort needs to build and test, if any are missing.
# Idempotent and quiet: prints one line saying all is present, or what it installed.
set -euo pipefail

packages=(
  cmake g++ pkg-config
  libpqxx-dev libboost-dev libfmt-dev librange-v3-dev
  libgtest-dev libgmock-dev
  postgresql postgresql-contrib pgbouncer
  libcli11-dev libtomlplusplus-dev
  libssl-dev
  nlohmann-json3-dev libsodium-dev libarchive-dev
  libpg-query-dev libprotobuf-c-dev
  clang-format dpkg-dev file
  python3-alembic python3-psycopg2 libbenchmark-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages are present"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "install-deps: missing ${missing[*]}; run as root or install sudo" >&2
  exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/install-deps.XXXXXX")
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 </dev/null; then
  cat "$log" >&2
  echo "install-deps: apt-get failed installing ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: installed ${missing[*]}"
