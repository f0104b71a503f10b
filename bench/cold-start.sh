#!/usr/bin/env bash
# Cold start (process start -> tools/list answered) and peak RSS of the server, three ways: `dotnet run`
# (already built), the framework-dependent publish run with `dotnet`, and the Native AOT binary. Publishes and
# builds first (Release, into artifacts/cold-start), then bench/cold_start.py gives each one warm-up and N
# measured runs (default 21) and prints a markdown table. Usage: bench/cold-start.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
runs=${1:-21}
out=artifacts/cold-start

# AOT first: its restore is for linux-x64, and the builds after it restore for no platform again.
dotnet publish src/MetaCapi.Mcp -c Release -r linux-x64 -o "$out/aot" -v quiet -nologo
dotnet publish src/MetaCapi.Mcp -c Release -o "$out/fdd" -v quiet -nologo
dotnet build src/MetaCapi.Mcp -c Release -v quiet -nologo

exec python3 bench/cold_start.py --runs "$runs" \
  "\`dotnet run --project src/MetaCapi.Mcp -c Release\` (built)=dotnet run --project src/MetaCapi.Mcp -c Release" \
  "\`dotnet $out/fdd/metacapi-mcp.dll\` (framework-dependent, JIT)=dotnet $out/fdd/metacapi-mcp.dll" \
  "\`$out/aot/metacapi-mcp\` (Native AOT)=$out/aot/metacapi-mcp"
