#!/usr/bin/env bash
# Interop test with the official TypeScript MCP SDK and Ajv (strict). Needs node >= 20 and npm.
# Usage: tests/interop/run.sh [server command…]   (default: dotnet src/MetaCapi.Mcp/bin/Release/net10.0/metacapi-mcp.dll)
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
exec node client.mjs "$@"
