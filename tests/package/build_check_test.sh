#!/usr/bin/env bash
# Installs retort into a temporary prefix and builds consumer projects whose migration history
# is broken: each build must fail before the plugin is compiled, with a message naming the
# files. A history with two heads builds without SINGLE_HEAD, and fails with it. With VERIFY, a
# migration that PostgreSQL would refuse fails the build, this one and the next.
set -euo pipefail
build_dir=$1
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /tmp/retort-build-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
failures=0

# build CASE SINGLE_HEAD [VERIFY [LINT]]: configures and builds; leaves the output in
# $work/CASE-SINGLE_HEAD.log.
build() {
  local dir="$work/$1-$2"
  cmake -S "$source_dir/broken_history" -B "$dir" -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCASE="$1" -DSINGLE_HEAD="$2" -DVERIFY="${3:-OFF}" -DLINT="${4:-OFF}" >"$dir.log" 2>&1 &&
    cmake --build "$dir" >>"$dir.log" 2>&1
}

# expect_refused CASE SINGLE_HEAD TEXT...: the build fails, no plugin is produced, and the
# output holds every TEXT.
expect_refused() {
  local case=$1 single_head=$2 dir="$work/$1-$2"
  shift 2
  if build "$case" "$single_head"; then
    echo "FAIL $case: the build succeeded"; failures=$((failures + 1)); return
  fi
  if compgen -G "$dir/plugins/*.so" >/dev/null; then
    echo "FAIL $case: a plugin was produced"; failures=$((failures + 1))
  fi
  for text in "$@"; do
    if ! grep -qF -- "$text" "$dir.log"; then
      echo "FAIL $case: the build output does not mention '$text':"
      sed 's/^/    /' "$dir.log"
      failures=$((failures + 1))
    fi
  done
  echo "ok   $case: refused ($(grep -m1 -o 'error: .*' "$dir.log" | cut -c1-150))"
}

expect_refused cycle OFF cycle 0002_loop_a.cpp 0003_loop_b.cpp
expect_refused duplicate_id OFF b00000000002 0002_first.cpp 0003_second.cpp
expect_refused missing_parent OFF b000000000ff 0002_orphan.cpp
expect_refused unparsable OFF 0002_bad_header.cpp:4
expect_refused two_heads ON 0002_left.cpp 0003_right.cpp "retort merge"

# Two heads are a valid history unless the project asks for one head.
if build two_heads OFF && compgen -G "$work/two_heads-OFF/plugins/*.so" >/dev/null; then
  echo "ok   two_heads without SINGLE_HEAD: built"
else
  echo "FAIL two_heads without SINGLE_HEAD did not build:"; sed 's/^/    /' "$work/two_heads-OFF.log"
  failures=$((failures + 1))
fi

# A sound graph whose migration PostgreSQL would refuse: with VERIFY the build fails after the
# link, naming file, revision and operation, and the next build fails again.
if build unverified OFF ON; then
  echo "FAIL unverified: the build succeeded"; failures=$((failures + 1))
elif ! grep -qF "0002_index_missing_column.cpp: b00000000002: error: upgrade() operation 1 (create_index): column accounts.mail does not exist" "$work/unverified-OFF.log"; then
  echo "FAIL unverified: the build output does not name the mistake:"
  sed 's/^/    /' "$work/unverified-OFF.log"; failures=$((failures + 1))
elif cmake --build "$work/unverified-OFF" >"$work/unverified-again.log" 2>&1; then
  echo "FAIL unverified: the next build succeeded"; failures=$((failures + 1))
else
  echo "ok   unverified with VERIFY: refused, and refused again on the next build"
fi

# With LINT, an index built without CONCURRENTLY on an existing table fails the build, naming
# the rule and the revision; the same migration with a waiver that says why builds.
if build unlinted OFF OFF ON; then
  echo "FAIL unlinted: the build succeeded"; failures=$((failures + 1))
elif ! grep -qF "b00000000002: error [require-concurrent-index-creation]: upgrade() operation 1" \
  "$work/unlinted-OFF.log"; then
  echo "FAIL unlinted: the build output does not name the finding:"
  sed 's/^/    /' "$work/unlinted-OFF.log"; failures=$((failures + 1))
else
  echo "ok   unlinted with LINT: refused"
fi
if build waived OFF OFF ON; then
  echo "ok   waived with LINT: built"
else
  echo "FAIL waived: the build failed:"; sed 's/^/    /' "$work/waived-OFF.log"
  failures=$((failures + 1))
fi

((failures == 0)) || { echo "$failures failure(s)"; exit 1; }
echo "build check test passed: every broken history was refused at build time, naming its files"
