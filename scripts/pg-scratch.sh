#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, reachable only through a Unix socket.
#
#   pg-scratch.sh start DIR   initdb DIR/data, start it, print the socket directory
#   pg-scratch.sh stop DIR    stop it (fast) and remove DIR; succeeds if nothing runs
#
# Files in DIR that clients may read:
#   socket_dir     the socket directory actually used: DIR itself, or a short directory under
#                  /tmp when DIR is too long for a Unix socket path
#   data_dir       the data directory actually used (DIR/data is a link to it when it is
#                  elsewhere)
#   postgres.log   the server log
#
# The data directory goes to tmpfs (/dev/shm) when it has room: CREATE DATABASE, once per test,
# is several times faster there. PG_SCRATCH_TMPFS=0 keeps it in DIR.
#
# Run as root, the server commands run as the `postgres` system user (PostgreSQL refuses root).
# If that user cannot reach DIR (a parent directory it may not traverse, such as /root), the
# whole cluster lives in a private directory under /tmp instead.
set -euo pipefail

readonly port=5432
readonly tmp_name=retort-pg.
readonly tmpfs=/dev/shm
readonly tmpfs_min_bytes=$((4 * 1024 * 1024 * 1024))
# Marks a directory as made by this script, so that a mistyped DIR is never deleted.
readonly marker=.pg-scratch

die() {
  echo "pg-scratch: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

# Settings from the caller's environment must not move the server or the checks elsewhere.
unset PGHOST PGHOSTADDR PGPORT PGDATA PGUSER PGDATABASE PGOPTIONS PGSERVICE PGSERVICEFILE

is_root() { [[ $(id -u) -eq 0 ]]; }

# Runs a server command as the user the server runs as.
as_pg() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# On Debian the server binaries live in /usr/lib/postgresql/<version>/bin, not on PATH.
find_bindir() {
  local dirs=() d best=""
  shopt -s nullglob
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && dirs+=("$d")
  done
  shopt -u nullglob
  if ((${#dirs[@]} > 0)); then
    best=$(printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1)
  elif command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    best=$(dirname "$(command -v pg_ctl)")
  fi
  [[ -n $best ]] ||
    die "PostgreSQL server binaries (initdb, pg_ctl) not found: run scripts/install-deps.sh"
  echo "$best"
}

# A directory of our own under $1, owned by the server's user.
make_private_dir() {
  local d
  d=$(mktemp -d "$1/${tmp_name}XXXXXX")
  if is_root; then
    chown postgres: "$d"
  fi
  echo "$d"
}

# A string literal for postgresql.conf.
conf_quote() {
  local s=${1//\\/\\\\}
  printf "'%s'" "${s//\'/\'\'}"
}

# Stops the server of DIR, if any, and removes DIR and the directories made for it.
stop_cluster() {
  local dir=$1 data extra
  [[ -d $dir ]] || return 0
  if [[ ! -e $dir/$marker && -n $(ls -A -- "$dir") ]]; then
    die "$dir was not made by pg-scratch.sh (no $marker in it); not deleting it"
  fi
  data=$dir/data
  [[ -f $dir/data_dir ]] && data=$(<"$dir/data_dir")
  if [[ -f $data/postmaster.pid ]]; then
    local pg_ctl status=0
    pg_ctl=$(find_bindir)/pg_ctl
    if ! as_pg "$pg_ctl" stop -D "$data" -m fast -w -t 30 >/dev/null 2>&1; then
      as_pg "$pg_ctl" stop -D "$data" -m immediate -w -t 30 >/dev/null 2>&1 || true
    fi
    # pg_ctl status: 3 means no server runs, 4 no data directory; else it still runs.
    as_pg "$pg_ctl" status -D "$data" >/dev/null 2>&1 || status=$?
    ((status == 3 || status == 4)) || die "could not stop the server of $data"
  fi
  if [[ -f $dir/tmp_dirs ]]; then
    while IFS= read -r extra; do
      # Only ever remove what this script made.
      if [[ ($extra == /tmp/"$tmp_name"* || $extra == "$tmpfs/$tmp_name"*) && $extra != *..* ]]; then
        rm -rf -- "$extra"
      fi
    done <"$dir/tmp_dirs"
  fi
  rm -rf -- "$dir"
}

start_cluster() {
  local dir=$1 bindir
  bindir=$(find_bindir)
  if is_root; then
    id -u postgres >/dev/null 2>&1 ||
      die "run as root, this needs the 'postgres' system user (apt-get install postgresql)"
    command -v runuser >/dev/null || die "run as root, this needs runuser (util-linux)"
  fi
  stop_cluster "$dir"
  mkdir -p -- "$dir"
  dir=$(cd -- "$dir" && pwd -P)
  touch "$dir/$marker"

  # Where each part lives. DIR unless the server's user cannot reach it.
  local home=$dir tmp_dirs=()
  if is_root; then
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -x "$dir"; then
      home=$(make_private_dir /tmp)
      tmp_dirs+=("$home")
      echo "pg-scratch: user postgres cannot reach $dir (a parent directory is not" \
        "traversable); the cluster lives in $home" >&2
    fi
  fi
  local sock=$home log=$home/postgres.log data=$home/data
  # A Unix socket path holds at most 107 bytes: "<sock>/.s.PGSQL.<port>".
  if ((${#sock} + ${#port} + 10 > 107)); then
    sock=$(make_private_dir /tmp)
    tmp_dirs+=("$sock")
  fi
  local tmpfs_free=0
  if [[ ${PG_SCRATCH_TMPFS:-1} != 0 && -d $tmpfs && -w $tmpfs ]] &&
    [[ $(stat -f -c %T "$tmpfs" 2>/dev/null) == tmpfs ]]; then
    tmpfs_free=$(df -P -B1 "$tmpfs" 2>/dev/null | awk 'NR == 2 { print $4 }') || tmpfs_free=0
  fi
  if [[ $tmpfs_free =~ ^[0-9]+$ ]] && ((tmpfs_free >= tmpfs_min_bytes)); then
    local ram
    ram=$(make_private_dir "$tmpfs")
    tmp_dirs+=("$ram")
    data=$ram/data
  fi

  if ((${#tmp_dirs[@]} > 0)); then
    printf '%s\n' "${tmp_dirs[@]}" >"$dir/tmp_dirs"
  fi
  echo "$sock" >"$dir/socket_dir"
  echo "$data" >"$dir/data_dir"
  [[ $data == "$dir/data" ]] || ln -sfn -- "$data" "$dir/data"
  as_pg touch "$log"
  [[ $log == "$dir/postgres.log" ]] || ln -sfn -- "$log" "$dir/postgres.log"

  fail() {
    echo "pg-scratch: $*" >&2
    if [[ -s $log ]]; then
      echo "--- last lines of $log ---" >&2
      tail -n 40 "$log" >&2
    fi
    exit 1
  }

  # Output goes to the log, never to our stdout: a server holding the caller's pipe open would
  # make ctest wait for it.
  as_pg "$bindir/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C --no-sync \
    >>"$log" 2>&1 </dev/null || fail "initdb failed"
  {
    echo "# pg-scratch: a throwaway test cluster; durability is not wanted."
    echo "listen_addresses = ''"
    echo "port = $port"
    echo "unix_socket_directories = $(conf_quote "$sock")"
    echo "fsync = off"
    echo "synchronous_commit = off"
    echo "full_page_writes = off"
    echo "wal_level = minimal"
    echo "max_wal_senders = 0"
    echo "wal_init_zero = off"
  } | as_pg tee -a "$data/postgresql.conf" >/dev/null

  # shellcheck disable=SC2094 # pg_ctl and the server both append to the log.
  as_pg "$bindir/pg_ctl" start -D "$data" -l "$log" -w -t 30 >>"$log" 2>&1 </dev/null ||
    fail "the server did not start"

  local isready=$bindir/pg_isready tries=0
  [[ -x $isready ]] || isready=pg_isready
  until "$isready" -q -h "$sock" -p "$port" -U postgres -d postgres; do
    ((++tries <= 60)) || fail "the server does not accept connections on $sock after 30 s"
    sleep 0.5
  done
  echo "$sock"
}

(($# == 2)) || usage
target=$2
[[ $target == /* ]] || target=$PWD/$target
# The server's user may not be able to enter the caller's directory.
cd /
case $1 in
  start) start_cluster "$target" ;;
  stop) stop_cluster "$target" ;;
  *) usage ;;
esac
