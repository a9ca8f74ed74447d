#!/usr/bin/env bash
# Builds a consumer project that uses retort_add_migrations() and the embedding API, and runs
# its migrations twice: once through the embedding API at "start-up", once checked with the CLI.
#
# MODE "installed": install retort into a temporary prefix; the consumer uses find_package.
# MODE "deb": make the Debian package with CPack, unpack it into a temporary root (dpkg-deb -x,
# as dpkg would install it), check its name and dependencies, and use it as the prefix.
# MODE "source": the consumer takes retort's source tree with FetchContent. Only configured:
# building would compile the whole runtime again, and what can go wrong for a subproject (its
# targets, the function, imported targets' scope, its own tests leaking in) shows when the
# build system is generated.
set -euo pipefail
mode=$1
build_dir=$2
cxx_flags=${3:-}
exe_linker_flags=${4:-}
module_linker_flags=${5:-}
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /tmp/retort-package.XXXXXX)
trap 'rm -rf "$work"' EXIT

flags=(-DCMAKE_CXX_FLAGS="$cxx_flags" -DCMAKE_EXE_LINKER_FLAGS="$exe_linker_flags"
  -DCMAKE_MODULE_LINKER_FLAGS="$module_linker_flags")
case $mode in
  installed)
    cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
    test -x "$work/prefix/bin/retort"
    test -x "$work/prefix/libexec/retort/retort-full"
    test -f "$work/prefix/libexec/retort/database-heads.so"
    test -f "$work/prefix/libexec/retort/offline-script.so"
    test -f "$work/prefix/include/retort/migration.hpp"
    flags+=(-DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release)
    cli="$work/prefix/bin/retort"
    ;;
  deb)
    version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
    cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/package" \
      >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
    deb="$work/package/retort_${version}_$(dpkg --print-architecture).deb"
    test -f "$deb" || { echo "no $deb:"; ls "$work/package"; exit 1; }
    depends=$(dpkg-deb -f "$deb" Depends)
    for needed in libpqxx-6.4 libpq5 libpg-query1504.0 libfmt9 libboost-dev; do
      [[ $depends == *"$needed"* ]] || { echo "$deb does not depend on $needed: $depends"; exit 1; }
    done
    dpkg-deb -x "$deb" "$work/root"
    for file in usr/bin/retort usr/libexec/retort/retort-full usr/libexec/retort/database-heads.so \
      usr/libexec/retort/offline-script.so usr/include/retort/migration.hpp \
      usr/share/doc/retort/README.md; do
      test -e "$work/root/$file" || { echo "$deb lacks /$file"; exit 1; }
    done
    # The library directory is lib or lib/<multiarch>, as the build was configured.
    config=$(find "$work/root/usr" -name retortConfig.cmake | head -1)
    [ -n "$config" ] || { echo "$deb has no retortConfig.cmake"; exit 1; }
    cli="$work/root/usr/bin/retort"
    [ "$("$cli" --version)" = "retort $version" ] || { echo "--version says: $("$cli" --version)"; exit 1; }
    flags+=(-DCMAKE_PREFIX_PATH="$work/root/usr" -DCMAKE_BUILD_TYPE=Release)
    ;;
  source)
    flags+=(-DRETORT_SOURCE_DIR="$source_dir/../..")
    ;;
  *)
    echo "usage: package_test.sh installed|deb|source BUILD_DIR [CXX_FLAGS EXE_LDFLAGS MODULE_LDFLAGS]"
    exit 2
    ;;
esac
cmake -S "$source_dir/consumer" -B "$work/consumer" "${flags[@]}" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; exit 1; }
if [ "$mode" = source ]; then
  for unwanted in tests migrations; do
    if [ -e "$work/consumer/_deps/retort-build/$unwanted" ]; then
      echo "retort as a subproject configured its own $unwanted"; exit 1
    fi
  done
  echo "package test passed (source): a consumer configured retort as a subproject"
  exit 0
fi
cmake --build "$work/consumer" -j2 >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

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

current=$("$cli" --url "$url" --plugins "$work/consumer/plugins" current)
[ "$current" = "a0000000c002 (head)" ] || { echo "the CLI says: $current"; exit 1; }
echo "package test passed ($mode): built a consumer with retort_add_migrations(), migrated"
