#!/usr/bin/env bash
# The NuGet MCP server package, as a user gets it: dotnet pack into a local folder feed, check the package's
# contents and .mcp/server.json, then run it with dnx and install it with dotnet tool install, and talk to each
# over stdio (initialize + tools/list). Everything lives in a temporary folder with its own NuGet package cache,
# so a stale copy of the same version can never answer, and nothing is left behind.
# Prints one "ok" / "not ok" line per check; exits non-zero if any check failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=../checks.sh
source tests/checks.sh

package_id=MetaCapi.Mcp
check "dotnet pack src/MetaCapi.Mcp -c Release" dotnet pack src/MetaCapi.Mcp -c Release -o "$feed" -nologo
nupkg=$(find "$feed" -maxdepth 1 -name "$package_id.*.nupkg" ! -name '*.snupkg' | head -n 1)
version=${nupkg##*/$package_id.}; version=${version%.nupkg}
echo "# package $package_id $version"

contents() {
  local listing
  listing=$(unzip -l "$nupkg") || return 1
  for file in .mcp/server.json README.md "tools/net10.0/any/metacapi-mcp.dll" "tools/net10.0/any/DotnetToolSettings.xml" \
      "tools/net10.0/any/runtimes/linux-x64/native/libe_sqlite3.so"; do
    grep -q " $file\$" <<<"$listing" || { echo "missing $file"; return 1; }
  done
  local nuspec
  nuspec=$(unzip -p "$nupkg" "$package_id.nuspec") || return 1
  for type in DotnetTool McpServer; do
    grep -q "<packageType name=\"$type\"" <<<"$nuspec" || { echo "nuspec lacks packageType $type"; return 1; }
  done
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || { echo "nuspec lacks the MIT license expression"; return 1; }
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || { echo "nuspec lacks the readme"; return 1; }
  unzip -p "$nupkg" "tools/net10.0/any/DotnetToolSettings.xml" | grep -q 'Command Name="metacapi-mcp"' || { echo "tool command is not metacapi-mcp"; return 1; }
}
check "package holds the tool, README.md, .mcp/server.json and the upload journal's SQLite library; types DotnetTool + McpServer" contents

# A private package cache and CLI home: the tool comes from this feed, never from an earlier install.
export NUGET_PACKAGES=$work/nuget-packages DOTNET_CLI_HOME=$work/home
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
  </packageSources>
</configuration>
XML

dnx=$(dirname "$(readlink -f "$(command -v dotnet)")")/dnx
[ -x "$dnx" ] || dnx="dotnet dnx"
# shellcheck disable=SC2086 # $dnx may be "dotnet dnx"
check "dnx $package_id --version $version --source <feed> --yes answers initialize + tools/list" \
  python3 tests/package/mcp_exchange.py $dnx "$package_id" --version "$version" --source "$feed" --yes

check "dotnet tool install --tool-path <dir> $package_id --version $version" \
  dotnet tool install --tool-path "$work/tools" --configfile "$work/nuget.config" "$package_id" --version "$version"
tool=$work/tools/metacapi-mcp
check "metacapi-mcp --version prints metacapi-mcp $version" \
  bash -c '[ "$("$1" --version)" = "metacapi-mcp $2" ]' _ "$tool" "$version"
check "installed metacapi-mcp answers initialize + tools/list" python3 tests/package/mcp_exchange.py "$tool"

# The upload command opens its journal (SQLite, the native library from the package) before sending; the Graph API
# address is a closed local port, so the one request fails and the command exits 1 with the result on stdout.
upload() {
  printf 'Email,Created At\na@example.com,%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S')" >"$work/orders.csv"
  local status=0
  META_ACCESS_TOKEN=package-test META_GRAPH_BASE_URL=http://127.0.0.1:9 META_HTTP_MAX_ATTEMPTS=1 META_STATE_DIR="$work/state" \
    "$tool" upload "$work/orders.csv" --pixel-id 1234567890 --default event_name=Lead --default action_source=physical_store --json \
    >"$work/upload.json" || status=$?
  [ "$status" = 1 ] || { echo "exit code $status, expected 1"; cat "$work/upload.json"; return 1; }
  grep -q '"status":"failed"' "$work/upload.json" || { echo "no failed status"; cat "$work/upload.json"; return 1; }
  [ -s "$work/state/uploads.db" ] || { echo "no journal at META_STATE_DIR/uploads.db"; return 1; }
}
check "installed metacapi-mcp upload opens its SQLite journal and reports the failed request (exit 1)" upload

unzip -p "$nupkg" .mcp/server.json >"$work/server.json" 2>/dev/null
"$tool" --help >"$work/help.txt" 2>&1
check ".mcp/server.json: version, identifier, stdio, every META_ variable of --help, token and app secret secret" \
  python3 tests/package/check_server_json.py "$work/server.json" "$package_id" "$version" "$work/help.txt"

echo "package: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
