#!/usr/bin/env bash
# Load test of the remote mode: `metacapi-mcp http` (the Native AOT binary) on 127.0.0.1 with an API key, sending to a
# fake Graph API (bench/http/fake-graph.mjs, Node), driven by autocannon (bench/http/load.mjs) with the same
# meta_send_conversion_event call a 2026-07-28 client sends, over C connections for D seconds. Prints one markdown
# row: calls/s, p50, p99, max latency, errors, the Graph requests received, and the server's peak RSS.
# Usage: bench/http-load.sh [connections=64] [seconds=30] [server binary=artifacts/aot/metacapi-mcp (published if absent)]
# The server runs with DOTNET_gcServer=1, as in the container image; other settings for it, e.g. the workstation GC:
#   BENCH_SERVER_ENV="DOTNET_gcServer=0" bench/http-load.sh      or     BENCH_SERVER_ENV="Logging__LogLevel__Default=Warning" …
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
connections=${1:-64}
seconds=${2:-30}
server=${3:-artifacts/aot/metacapi-mcp}
if [ ! -x "$server" ]; then
  dotnet publish src/MetaCapi.Mcp -c Release -r linux-x64 -o "$(dirname "$server")" -v quiet -nologo
fi
(cd bench/http && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 200); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }

graph_port=$(free_port)
node bench/http/fake-graph.mjs "$graph_port" > "$work/graph.log" &
pids+=($!)
wait_for "http://127.0.0.1:$graph_port/count"

key="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '[{"name": "bench", "sha256": "%s", "pixels": ["*"]}]\n' "$(printf %s "$key" | sha256sum | cut -d' ' -f1)" > "$work/keys.json"
port=$(free_port)
env -i PATH="$PATH" HOME="$HOME" \
  META_ACCESS_TOKEN=EAAbenchTOKEN META_GRAPH_BASE_URL="http://127.0.0.1:$graph_port" META_HTTP_MAX_ATTEMPTS=1 \
  META_MCP_API_KEYS_FILE="$work/keys.json" META_MCP_RATE_LIMIT_PER_MINUTE=0 DOTNET_gcServer=1 ${BENCH_SERVER_ENV:-} \
  "$server" http --urls "http://127.0.0.1:$port" 2> "$work/server.log" &
server_pid=$!
pids+=($server_pid)
wait_for "http://127.0.0.1:$port/healthz"

# One call first: it must be sent, or the numbers below would measure refusals.
check=$(cd bench/http && node -e '
  const [url, key] = process.argv.slice(1);
  const body = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "meta_preview_conversion_event", arguments: {}, _meta: {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} } } };
  fetch(url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", accept: "application/json, text/event-stream",
    authorization: "Bearer " + key, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "meta_preview_conversion_event" } })
    .then(r => r.text()).then(t => console.log(t));' "http://127.0.0.1:$port/mcp" "$key")
if ! grep -q '"status' <<<"$check"; then
  echo "the server did not answer a tool call: $check" >&2
  exit 1
fi

(sleep "$((seconds / 2))"; top -b -n 1 -p "$server_pid" | tail -1 > "$work/cpu") &
result=$(cd bench/http && node load.mjs "http://127.0.0.1:$port/mcp" "$key" "$connections" "$seconds")
echo "server CPU at mid-run (top, % of one core): $(awk '{print $9}' "$work/cpu")" >&2
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
graph_count=$(curl -s "http://127.0.0.1:$graph_port/count")
kill -TERM "$server_pid"
wait "$server_pid" || true

python3 - "$result" "$rss_kb" "$graph_count" "$connections" "$seconds" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); rss = int(sys.argv[2]); graph = int(sys.argv[3])
print("| connections | duration | tool calls/s | p50 | p99 | max | non-2xx / errors | requests at the fake Graph | server peak RSS |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
print(f"| {sys.argv[4]} | {sys.argv[5]} s | {r['perSecond']:.0f} | {r['p50']} ms | {r['p99']} ms | {r['max']} ms | "
      f"{r['non2xx']} / {r['errors'] + r['timeouts']} | {graph} for {r['ok']} answers | {rss / 1024:.0f} MiB |")
PY
