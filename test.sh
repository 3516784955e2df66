#!/usr/bin/env bash
# Runs every test of CareOps on a clean machine: restore, build (warnings are errors), start a throwaway
# PostgreSQL on loopback, install Chromium for the browser journeys, run all test projects, and end with
# one line "N passed, N failed, N skipped". Exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

say() { printf '\n== %s\n' "$*"; }

# --- PostgreSQL 15: initdb/pg_ctl into a temp dir, loopback only, stopped on exit -------------------
pg_bin=""
find_pg() { pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1); }
find_pg
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  say "installing PostgreSQL server"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || true
  fi
  find_pg
fi
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found and could not be installed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

pg_dir=$(mktemp -d /tmp/careops-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
stop_pg() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
say "starting PostgreSQL ($pg_bin) on 127.0.0.1:$pg_port"
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$pg_dir/server.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
export CAREOPS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Pooling=true;Include Error Detail=true"

# --- Chromium and CJK fonts for the browser journeys ------------------------------------------------
if { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } && [ "$(id -u)" = 0 ]; then
  say "installing Chromium and CJK fonts"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) || true
fi
if [ -x /usr/bin/chromium ]; then export CAREOPS_CHROMIUM=/usr/bin/chromium; fi

# --- build ------------------------------------------------------------------------------------------
say "restore and build"
dotnet tool restore >/dev/null
dotnet restore CareOps.sln --nologo -v q || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet build CareOps.sln -c Release --no-restore --nologo -v q -warnaserror -p:ContinuousIntegrationBuild=true \
  || { echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# --- tests ------------------------------------------------------------------------------------------
status=0
format_failed=0
say "dotnet format --verify-no-changes (whitespace, code style, analyzers)"
if ! dotnet format CareOps.sln --verify-no-changes --no-restore; then
  echo "code differs from .editorconfig and the analyzers: run 'dotnet format CareOps.sln'"
  format_failed=1
  status=1
fi
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  say "$name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" || status=1
done

# --- summary from the TRX files: the one closing line ----------------------------------------------
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  t=$(get total); e=$(get executed); p=$(get passed); f=$(get failed); x=$(get error); n=$(get notExecuted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${x:-0}))
  skipped=$((skipped + ${n:-0} + ${t:-0} - ${e:-0}))
done
expected=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$files" -lt "$expected" ]; then
  echo "only $files of $expected test projects produced results"
  failed=$((failed + expected - files))
  status=1
fi
failed=$((failed + format_failed))
[ "$failed" -gt 0 ] && status=1
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
