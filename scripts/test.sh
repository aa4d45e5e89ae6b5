#!/usr/bin/env bash
# Runs every test of the repository. This is THE test command, for developers and for CI (.ci/run calls it).
#
# Usage: bash scripts/test.sh [--filter <expr>] [--sqlite-only]
#   --filter <expr>   passed on to `dotnet test --filter`, e.g. --filter "FullyQualifiedName~Invoices" (the Studio's
#                     Vitest tests then do not run)
#   --sqlite-only     run on SQLite only: no PostgreSQL runs, no PostgreSQL started (quick local loop)
#   -h, --help        show this help
# Environment:
#   ETREPAYE_TEST_POSTGRES      when set, the PostgreSQL runs use this server (Npgsql connection string; the
#                               tests CREATE and DROP databases on it) instead of a throwaway cluster
#   CONFIGURATION               build configuration, Debug by default (the one a plain `dotnet build` makes)
#   ETREPAYE_TEST_HANG_TIMEOUT  a single test running longer than this is killed and counted failed (default 10m)
#
# What it does:
#   1. builds Etrepaye.sln once; the tests then run with --no-build,
#   2. finds the test projects: every tests/**/*.csproj that references Microsoft.NET.Test.Sdk
#      (fixture projects such as tests/ArchitectureFixtures/* do not, and are skipped),
#   3. runs each project on SQLite (ETREPAYE_TEST_PROVIDER=sqlite) and, when its csproj has
#      <RunOnPostgres>true</RunOnPostgres>, a second time on PostgreSQL (ETREPAYE_TEST_PROVIDER=postgres),
#      against a throwaway PostgreSQL 15 cluster (scripts/start-postgres.sh) unless ETREPAYE_TEST_POSTGRES is set,
#   4. runs the Studio's component tests (Vitest, src/Studio) unless --filter is given, counted like a test project,
#   5. writes one TRX per run to artifacts/test-results/<project>-<provider>.trx, keeps going past failing
#      projects, and prints the counts per run and then, as the very last line, "N passed, N failed"
#      (CI reads only that line, so nothing may be printed after it, traps included).
# Exit status: 0 when every test passed and at least one ran, 1 otherwise, 2 on bad arguments.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

FILTER_ARGS=()
SQLITE_ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) [ $# -ge 2 ] || { echo "--filter needs an expression" >&2; exit 2; }
              FILTER_ARGS=(--filter "$2"); shift 2 ;;
    --filter=*) FILTER_ARGS=(--filter "${1#--filter=}"); shift ;;
    --sqlite-only) SQLITE_ONLY=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
CONFIGURATION="${CONFIGURATION:-Debug}"
HANG_TIMEOUT="${ETREPAYE_TEST_HANG_TIMEOUT:-10m}"
RESULTS="$ROOT/artifacts/test-results"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=scripts/start-postgres.sh
source "$ROOT/scripts/start-postgres.sh"

# On any exit (success, failure, Ctrl-C): stop PostgreSQL and, in CI, the build servers (compiler and
# MSBuild nodes would otherwise outlive the run). Silent: the last line printed must stay the summary.
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  pg_throwaway_stop
  if [ -n "${CI:-}" ]; then dotnet build-server shutdown >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Per-run results, printed at the end.
TOTAL_PASSED=0 TOTAL_FAILED=0 TOTAL_EXECUTED=0
REPORT=()
record() { # name provider passed failed skipped note
  TOTAL_PASSED=$((TOTAL_PASSED + $3))
  TOTAL_FAILED=$((TOTAL_FAILED + $4))
  REPORT+=("$(printf '  %-40s %-9s %5s passed %5s failed %5s skipped%s' "$1" "$2" "$3" "$4" "$5" "${6:+  ($6)}")")
}
summary_and_exit() {
  echo
  echo "Test runs (TRX files in ${RESULTS#"$ROOT"/}):"
  if [ ${#REPORT[@]} -gt 0 ]; then printf '%s\n' "${REPORT[@]}"; fi
  [ "$TOTAL_EXECUTED" -gt 0 ] || echo "  no test was executed: that counts as a failure"
  echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
  if [ "$TOTAL_FAILED" -eq 0 ] && [ "$TOTAL_EXECUTED" -gt 0 ]; then exit 0; fi
  exit 1
}

# --- test projects -------------------------------------------------------------------------------
PROJECTS=()
if [ -d tests ]; then
  while IFS= read -r proj; do
    if grep -q "Microsoft\.NET\.Test\.Sdk" "$proj"; then PROJECTS+=("$proj"); fi
  done < <(find tests -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort)
fi
if [ ${#PROJECTS[@]} -eq 0 ]; then
  echo "no test project found (tests/**/*.csproj referencing Microsoft.NET.Test.Sdk)"
  summary_and_exit
fi
echo "Test projects: ${PROJECTS[*]}"

# --- build once ----------------------------------------------------------------------------------
rm -rf "$RESULTS"   # no stale TRX from an earlier run may be counted
mkdir -p "$RESULTS"
echo "=== dotnet build Etrepaye.sln -c $CONFIGURATION"
if ! dotnet build Etrepaye.sln -c "$CONFIGURATION" --nologo; then
  echo "BUILD FAILED: no test was run"
  record "build (Etrepaye.sln)" "-" 0 1 0 "build failed"
  summary_and_exit
fi
# A test project missing from the solution would not be built above: build it on its own.
NOT_BUILT=()
for proj in "${PROJECTS[@]}"; do
  if ! grep -qF "$(basename "$proj")" Etrepaye.sln; then
    echo "=== $proj is not in Etrepaye.sln (add it with: dotnet sln add $proj); building it on its own"
    if ! dotnet build "$proj" -c "$CONFIGURATION" --nologo; then
      NOT_BUILT+=("$proj")   # not run: its bin/ may hold an older, stale build
    fi
  fi
done

# --- PostgreSQL ----------------------------------------------------------------------------------
PG_PROJECTS=()
if [ -z "$SQLITE_ONLY" ]; then
  for proj in "${PROJECTS[@]}"; do
    if grep -qE '<RunOnPostgres>[[:space:]]*true[[:space:]]*</RunOnPostgres>' "$proj"; then PG_PROJECTS+=("$proj"); fi
  done
fi
PG_READY=""
if [ ${#PG_PROJECTS[@]} -gt 0 ]; then
  if [ -n "${ETREPAYE_TEST_POSTGRES:-}" ]; then
    echo "PostgreSQL runs use the server given by ETREPAYE_TEST_POSTGRES"
    export ETREPAYE_TEST_POSTGRES
    PG_READY=1
  elif pg_throwaway_start; then
    PG_READY=1
  else
    echo "PostgreSQL could not be started: its runs are counted as failed"
  fi
fi

# --- run -----------------------------------------------------------------------------------------
# Value of attribute $2 in the <Counters .../> element $1 (0 when absent).
counter() { local v; v="$(sed -n "s/.*[[:space:]]$2=\"\([0-9]*\)\".*/\1/p" <<<"$1")"; echo "${v:-0}"; }

run_tests() { # project provider
  local proj="$1" provider="$2" name trx rc=0 counters
  name="$(basename "$proj" .csproj)"
  trx="$RESULTS/$name-$provider.trx"
  echo
  echo "=== $name on $provider"
  ETREPAYE_TEST_PROVIDER="$provider" dotnet test "$proj" --no-build -c "$CONFIGURATION" --nologo \
    ${FILTER_ARGS[@]+"${FILTER_ARGS[@]}"} \
    --logger "trx;LogFileName=$name-$provider.trx" --results-directory "$RESULTS" \
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none || rc=$?

  if [ ! -f "$trx" ]; then
    # Build error, test host crash before any result...: no counts to read, one failure.
    record "$name" "$provider" 0 1 0 "dotnet test exited $rc without a TRX"
    return
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  local passed failed skipped executed
  passed="$(counter "$counters" passed)"
  # error/timeout/aborted results are failures too.
  failed=$(($(counter "$counters" failed) + $(counter "$counters" error) + $(counter "$counters" timeout) + $(counter "$counters" aborted)))
  executed="$(counter "$counters" executed)"
  skipped=$(($(counter "$counters" total) - executed))   # xunit skips show as not executed
  TOTAL_EXECUTED=$((TOTAL_EXECUTED + executed))
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # The TRX has no failure yet dotnet test failed (test host crashed, or a hung test was killed after
    # ETREPAYE_TEST_HANG_TIMEOUT: the results not yet reported are lost): count one.
    record "$name" "$provider" "$passed" 1 "$skipped" "dotnet test exited $rc"
  elif [ "$(counter "$counters" total)" -eq 0 ] && [ ${#FILTER_ARGS[@]} -eq 0 ]; then
    record "$name" "$provider" 0 0 0 "no test found in this project"
  else
    record "$name" "$provider" "$passed" "$failed" "$skipped"
  fi
}

# The Studio's component tests (Vitest). The host's build above ran `npm ci` when node_modules was missing.
run_studio_tests() {
  local json="$RESULTS/studio-vitest.json" rc=0 counts
  echo
  echo "=== Studio (Vitest) in src/Studio"
  if ! command -v npm >/dev/null 2>&1; then
    record "Studio (Vitest)" node 0 1 0 "npm not found: install Node.js 20.19 or later"
    return
  fi
  if [ ! -d src/Studio/node_modules ]; then
    (cd src/Studio && npm ci --no-audit --no-fund) || { record "Studio (Vitest)" node 0 1 0 "npm ci failed"; return; }
  fi
  (cd src/Studio && npx vitest run --reporter=default --reporter=json --outputFile.json="$json") || rc=$?
  if [ ! -f "$json" ]; then
    record "Studio (Vitest)" node 0 1 0 "vitest exited $rc without a report"
    return
  fi
  counts="$(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests)' "$json")"
  read -r passed failed skipped <<<"$counts"
  TOTAL_EXECUTED=$((TOTAL_EXECUTED + passed + failed))
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    record "Studio (Vitest)" node "$passed" 1 "$skipped" "vitest exited $rc"
  else
    record "Studio (Vitest)" node "$passed" "$failed" "$skipped"
  fi
}

if [ ${#FILTER_ARGS[@]} -eq 0 ]; then
  run_studio_tests
fi

for proj in "${PROJECTS[@]}"; do
  if [[ " ${NOT_BUILT[*]-} " == *" $proj "* ]]; then
    record "$(basename "$proj" .csproj)" - 0 1 0 "build failed"
    continue
  fi
  run_tests "$proj" sqlite
  if [[ " ${PG_PROJECTS[*]-} " == *" $proj "* ]]; then
    if [ -n "$PG_READY" ]; then
      run_tests "$proj" postgres
    else
      record "$(basename "$proj" .csproj)" postgres 0 1 0 "PostgreSQL not available"
    fi
  fi
done

summary_and_exit
