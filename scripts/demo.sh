#!/usr/bin/env bash
# The main job: install what is missing, build retort and the example bundle, start a throwaway
# PostgreSQL, migrate it up, show the result, step down once and up again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build/demo"  # its own tree, so the demo never switches the tests off

"$root/scripts/install-deps.sh"
cmake --preset default -S "$root" -B "$build" -DRETORT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target retort wine_catalogue growers_example

pgdir=$(mktemp -d /tmp/retort-demo.XXXXXX)
trap '"$root/scripts/pg-scratch.sh" stop "$pgdir" >/dev/null 2>&1 || true' EXIT
"$root/scripts/pg-scratch.sh" start "$pgdir" >/dev/null
socket=$(cat "$pgdir/socket_dir")
psql -q -h "$socket" -U postgres -d postgres -c "CREATE DATABASE wine_demo"

export RETORT_URL="postgresql:///wine_demo?host=$socket&user=postgres"
export RETORT_PLUGINS="$build/migrations/plugins"
retort="$build/bin/retort"
sql() { psql -h "$socket" -U postgres -d wine_demo "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "retort history   (the example bundle: a wine catalogue, with a branch and a merge)"
"$retort" history
step "retort upgrade head   (on an empty database)"
"$retort" upgrade head
step "retort current"
"$retort" current
step "the resulting schema and data"
sql -c '\d products' -c '\d producers'
sql -c 'SELECT sku, name, price, alcohol FROM products ORDER BY sku'
sql -c 'SELECT version_num FROM alembic_version'
step "retort downgrade -1"
"$retort" downgrade -1
"$retort" current
sql -c '\d products' | grep alcohol
step "retort upgrade head   (again)"
"$retort" upgrade head
"$retort" current

step "data migrations   (migrations/data_example, on a database of its own)"
psql -q -h "$socket" -U postgres -d postgres -c "CREATE DATABASE growers_demo"
growers() { psql -h "$socket" -U postgres -d growers_demo "$@"; }
growers_url="postgresql:///growers_demo?host=$socket&user=postgres"
"$retort" --url "$growers_url" -p "$build/migrations/growers_plugins" upgrade d1a0e0000001
growers -c 'SELECT * FROM growers ORDER BY id'
step "retort upgrade head   (C++ splits the names over typed rows; a backfill fills slugs)"
"$retort" --url "$growers_url" -p "$build/migrations/growers_plugins" upgrade head
growers -c 'SELECT id, first_name, last_name, slug FROM growers ORDER BY id' -c '\d growers'
step "done: the throwaway cluster in $pgdir is removed on exit"
