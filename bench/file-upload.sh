#!/usr/bin/env bash
# File uploads at scale, with the Native AOT binary as users run it (`metacapi-mcp upload`):
#   1. preview (--dry-run) of a generated 1,000,000-row CSV with 10 customer-data columns: wall time and peak RSS;
#   2. the same file sent to a local fake Graph API (bench/MetaCapi.FileBench fake-graph): wall time, events/s,
#      peak RSS, and the fake's own count of events received.
# Publishes the AOT binary to artifacts/aot and builds the helper first. Files go to artifacts/file-bench (about
# 200 MB). Usage: bench/file-upload.sh [rows]   (default 1000000)
# METACAPI_BIN=/path/to/metacapi-mcp measures another build (e.g. main's, to compare in one sitting); it is not published.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
rows=${1:-1000000}
out=artifacts/file-bench
bin=${METACAPI_BIN:-artifacts/aot/metacapi-mcp}
port=18931

if [ ! -x "$bin" ]; then
  dotnet publish src/MetaCapi.Mcp -c Release -r linux-x64 -o artifacts/aot -v quiet -nologo
fi
dotnet build bench/MetaCapi.FileBench -c Release -o "$out/tool" -v quiet -nologo
mkdir -p "$out/root"
rm -rf "$out/state"

csv="$out/root/orders-$rows.csv"
if [ ! -f "$csv" ]; then
  dotnet "$out/tool/MetaCapi.FileBench.dll" generate "$csv" "$rows"
fi
echo "file: $csv, $(du -h "$csv" | cut -f1), $rows rows + header, 10 customer-data columns"

measure() { # label, command...: wall and CPU seconds and peak RSS of the command (GNU time), and the machine's load
  local label=$1
  shift
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %M %U %S" -o "$out/time.txt" "$@" > "$out/last.json" 2> "$out/last.err" || true
  read -r seconds kib user system < "$out/time.txt"
  echo "$label: ${seconds} s wall, ${user} s user + ${system} s system CPU, peak RSS $((kib / 1024)) MiB," \
    "status $(python3 -c "import json;print(json.load(open('$out/last.json'))['status'])"), load average before: $load"
}

export META_FILE_ROOTS="$PWD/$out/root" META_STATE_DIR="$PWD/$out/state" META_ACCESS_TOKEN=bench-token \
  META_GRAPH_BASE_URL="http://127.0.0.1:$port" META_HTTP_MAX_ATTEMPTS=1
defaults=(--default event_name=Purchase --default action_source=physical_store --json)

measure "preview ($rows rows)" "$bin" upload "$csv" --dry-run "${defaults[@]}"
python3 - "$out/last.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
u = r["upload"]
print(f"  rows_read {u['rows_read']}, rows_valid {u['rows_valid']}, rows_rejected {u['rows_rejected']}")
PY

dotnet "$out/tool/MetaCapi.FileBench.dll" fake-graph "$port" &
graph=$!
trap 'kill $graph 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/stats" > /dev/null && break; sleep 0.1; done

measure "send ($rows rows)" "$bin" upload "$csv" --pixel-id 1234567890 "${defaults[@]}"
python3 - "$out/last.json" "$out/time.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
seconds = float(open(sys.argv[2]).read().split()[0])
u = r["upload"]
print(f"  rows_sent {u['rows_sent']} in {u['requests']} requests, events_received {r['events_received']}: {u['rows_sent'] / seconds:,.0f} events/s end to end")
PY
echo "  fake Graph: $(curl -s "http://127.0.0.1:$port/stats")"
