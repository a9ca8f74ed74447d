#!/usr/bin/env bash
# Installs retort into a temporary prefix, builds a consumer project against it with
# find_package(retort) and retort_add_migrations(), and runs its migrations twice: once through
# the embedding API at "start-up", once checked with the installed CLI.
set -euo pipefail
build_dir=$1
cxx_flags=${2:-}
exe_linker_flags=${3:-}
module_linker_flags=${4:-}
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /tmp/retort-package.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -x "$work/prefix/bin/retort"
test -f "$work/prefix/include/retort/migration.hpp"

cmake -S "$source_dir/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$cxx_flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$exe_linker_flags" \
  -DCMAKE_MODULE_LINKER_FLAGS="$module_linker_flags" >/dev/null
cmake --build "$work/consumer" -j2 >/dev/null

socket=$(cat "$RETORT_TEST_PGHOST/socket_dir")
db="package_$$"
psql -q -h "$socket" -U postgres -d postgres -c "CREATE DATABASE $db TEMPLATE template0"
url="postgresql:///$db?host=$socket&user=postgres"

out=$("$work/consumer/migrate_on_start" "$url" "$work/consumer/plugins")
expected=$'applied a0000000c001\napplied a0000000c002'
if [ "$out" != "$expected" ]; then
  echo "embedding API applied: '$out', expected: '$expected'"; exit 1
fi
# Starting again applies nothing.
again=$("$work/consumer/migrate_on_start" "$url" "$work/consumer/plugins")
[ -z "$again" ] || { echo "second start applied: $again"; exit 1; }

current=$("$work/prefix/bin/retort" --url "$url" --plugins "$work/consumer/plugins" current)
[ "$current" = "a0000000c002 (head)" ] || { echo "installed CLI says: $current"; exit 1; }
echo "package test passed: installed, built a consumer with find_package(retort), migrated"
