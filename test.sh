#!/usr/bin/env bash
# Runs every test project and ends with the plain line "N passed, N failed" summed over all of them.
# Extra arguments go to `dotnet test` (e.g. ./test.sh -c Release --no-build). Exit code: non-zero if any test failed.
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test MetaCapi.Mcp.sln "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(awk '/^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
         gsub(/,/, ""); f += $4; p += $6; n++ }
       END { if (n) printf "%d passed, %d failed\n", p, f }' "$log")
if [ -z "$summary" ]; then
  echo "test.sh: no test results were reported (the build or the test run failed; see above)" >&2
  echo "0 passed, 0 failed"
  exit 1
fi
echo "$summary"
if [ "$rc" -eq 0 ]; then
  case "$summary" in *", 0 failed") ;; *) rc=1 ;; esac
fi
exit "$rc"
