#!/usr/bin/env bash
# Native AOT gate: `dotnet publish -r linux-x64` must give the AOT binary with zero trim/AOT warnings, and the
# stdio end-to-end suite must pass against that binary (an AOT-only failure, such as a type missing from a
# source-generated JSON context, shows only when the binary runs). Ends with dotnet test's own
# "Passed!/Failed!" line. Extra arguments go to dotnet test. Output: artifacts/aot/metacapi-mcp.
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out=artifacts/aot
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -rf "$out"

dotnet publish src/MetaCapi.Mcp -c Release -r linux-x64 -o "$out" -nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then
  echo "aot: dotnet publish failed (exit $rc)" >&2
  exit "$rc"
fi

# ILC reports "Trim analysis warning IL2xxx" and "AOT analysis warning IL3xxx"; none may appear.
if grep -E "warning IL[0-9]+|AOT analysis|Trim analysis" "$log" >&2; then
  echo "aot: the publish has trim/AOT warnings (above)" >&2
  exit 1
fi
if [ ! -x "$out/metacapi-mcp" ] || [ "$(head -c 4 "$out/metacapi-mcp" | tail -c 3)" != ELF ]; then
  echo "aot: no native binary at $out/metacapi-mcp" >&2
  exit 1
fi
echo "aot: $out/metacapi-mcp, $(du -h "$out/metacapi-mcp" | cut -f1), 0 trim/AOT warnings"

METACAPI_SERVER="$PWD/$out/metacapi-mcp" dotnet test tests/MetaCapi.Mcp.Tests -c Release "$@"
