#!/usr/bin/env bash
# The MetaCapi library package as a .NET developer gets it: pack both packages (MetaCapi, MetaCapi.Mcp) into a local
# folder feed, check their metadata (license, readme, repository, symbols, deterministic paths), then create a fresh
# console project in a temporary folder with its own NuGet package cache, `dotnet add package MetaCapi` from the local
# feed (its dependencies from the machine's usual NuGet source), and run a small program that previews an event,
# sends one to a fake Graph API on 127.0.0.1 and checks the hash of a known email address (Program.cs beside this file).
# Prints one "ok" / "not ok" line per check and "library: N passed, N failed"; exits non-zero if any check failed.
# The library is always compiled afresh with ContinuousIntegrationBuild (its determinism is checked); --no-build packs
# the server from what the last `dotnet build -c Release` built, as .ci/run does.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mcp_pack_args=(-c Release -nologo)
if [ "${1:-}" = "--no-build" ]; then
  mcp_pack_args+=(--no-build)
fi

# shellcheck source=../checks.sh
source tests/checks.sh

# The library is compiled afresh as CI compiles it (ContinuousIntegrationBuild: deterministic source paths); an
# incremental build would keep a DLL compiled without it. It is small: a few seconds on a quiet machine.
check "dotnet build src/MetaCapi --no-incremental -p:ContinuousIntegrationBuild=true" \
  dotnet build src/MetaCapi -c Release -nologo --no-incremental -p:ContinuousIntegrationBuild=true
check "dotnet pack src/MetaCapi" dotnet pack src/MetaCapi -c Release -nologo --no-build -o "$feed"
check "dotnet pack src/MetaCapi.Mcp" dotnet pack src/MetaCapi.Mcp "${mcp_pack_args[@]}" -o "$feed"
nupkg=$(find "$feed" -maxdepth 1 -name 'MetaCapi.[0-9]*.nupkg' | head -n 1)
version=${nupkg##*/MetaCapi.}; version=${version%.nupkg}
echo "# package MetaCapi $version"

library_contents() {
  local listing nuspec
  listing=$(unzip -l "$nupkg") || return 1
  for file in lib/net10.0/MetaCapi.dll lib/net10.0/MetaCapi.xml README.md; do
    grep -q " $file\$" <<<"$listing" || { echo "missing $file"; return 1; }
  done
  nuspec=$(unzip -p "$nupkg" MetaCapi.nuspec) || return 1
  for expected in '<id>MetaCapi</id>' '<license type="expression">MIT</license>' '<readme>README.md</readme>' \
      '<repository type="git" url="https://github.com/metacapi/metacapi-mcp"' '<projectUrl>https://github.com/metacapi/metacapi-mcp</projectUrl>' \
      'conversions-api' '<dependency id="Microsoft.Extensions.Http.Resilience"' '<dependency id="libphonenumber-csharp"'; do
    grep -qF "$expected" <<<"$nuspec" || { echo "nuspec lacks $expected"; return 1; }
  done
  # The file uploader lives in the server: a library user carries no SQLite and no CSV parser.
  for unexpected in '<dependency id="Microsoft.Data.Sqlite"' '<dependency id="Sep"' 'PublicApiAnalyzers'; do
    if grep -qF "$unexpected" <<<"$nuspec"; then echo "nuspec has $unexpected"; return 1; fi
  done
  grep -q 'dotnet add package MetaCapi' <<<"$(unzip -p "$nupkg" README.md)" || { echo "README.md lacks the install command"; return 1; }
}
check "MetaCapi package: dll, XML docs, README, MIT, repository and project URL, tags, dependencies (no SQLite, no CSV parser)" library_contents

symbols() { # symbols <id> <dll>: the .snupkg holds the DLL's PDB
  local id=$1 dll=$2 listing
  [ -f "$feed/$id.$version.snupkg" ] || { echo "no $id.$version.snupkg"; return 1; }
  listing=$(unzip -Z1 "$feed/$id.$version.snupkg") || return 1
  grep -qx "$(dirname "$dll")/$(basename "$dll" .dll).pdb" <<<"$listing" || { echo "no PDB beside $dll in the symbols package"; return 1; }
}
check "MetaCapi.$version.snupkg holds the library's PDB" symbols MetaCapi lib/net10.0/MetaCapi.dll
check "MetaCapi.Mcp.$version.snupkg holds the server's PDB" symbols MetaCapi.Mcp tools/net10.0/any/metacapi-mcp.dll

deterministic() { # the packed DLL names its PDB by a path mapped to /_/ and holds no path of this machine
  unzip -p "$nupkg" lib/net10.0/MetaCapi.dll >"$work/MetaCapi.dll" || return 1
  grep -aq '/_/src/MetaCapi/obj/Release/net10.0/MetaCapi\.pdb' "$work/MetaCapi.dll" \
    || { echo "MetaCapi.dll does not name its PDB by a deterministic path (/_/src/…)"; return 1; }
  if grep -aqF "$root/" "$work/MetaCapi.dll"; then echo "MetaCapi.dll holds the build machine's path $root"; return 1; fi
}
check "MetaCapi.dll is deterministic: source paths mapped to /_/, no path of this machine" deterministic

same_repository() {
  local server
  server=$(unzip -p "$feed/MetaCapi.Mcp.$version.nupkg" MetaCapi.Mcp.nuspec) || return 1
  grep -qF '<repository type="git" url="https://github.com/metacapi/metacapi-mcp"' <<<"$server" || { echo "MetaCapi.Mcp names another repository"; return 1; }
  grep -qF '<license type="expression">MIT</license>' <<<"$server" || { echo "MetaCapi.Mcp lacks the MIT license"; return 1; }
}
check "MetaCapi.Mcp package: the same repository URL and license" same_repository

# A fresh project, as a developer makes one: its own package cache (nothing from an earlier run or from this
# repository's builds can answer), a nuget.config that adds the local feed to the machine's usual source.
app=$work/Shop
export NUGET_PACKAGES=$work/nuget-packages
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$feed" />
  </packageSources>
</configuration>
XML
check "dotnet new console (fresh project)" dotnet new console -o "$app" --framework net10.0 --no-restore
check "dotnet add package MetaCapi --version $version" bash -c 'cd "$1" && dotnet add package MetaCapi --version "$2"' _ "$app" "$version"

from_local_feed() {
  local metadata=$NUGET_PACKAGES/metacapi/$version/.nupkg.metadata
  [ -f "$metadata" ] || { echo "MetaCapi $version is not in the project's package cache"; return 1; }
  grep -qF "\"source\": \"$feed" "$metadata" || { echo "MetaCapi came from elsewhere:"; cat "$metadata"; return 1; }
}
check "MetaCapi $version was restored from the local feed, its dependencies from the usual source" from_local_feed

cp tests/library/Program.cs "$app/Program.cs"
check "dotnet build (fresh project, warnings as errors)" dotnet build "$app" -c Release -p:TreatWarningsAsErrors=true
echo "# dotnet run (fresh project): preview, send to a fake Graph API, rejection"
dotnet run --project "$app" -c Release --no-build >"$log" 2>&1
rc=$?
grep -E '^(ok|not ok) - ' "$log"
ok=$(grep -c '^ok - ' "$log"); not_ok=$(grep -c '^not ok - ' "$log")
passed=$((passed + ok)); failed=$((failed + not_ok))
if [ "$rc" -ne 0 ] && [ "$not_ok" -eq 0 ] || [ "$ok" -eq 0 ]; then
  echo "not ok - the program ran to its end (exit $rc)"; sed 's/^/#   /' "$log" | tail -n 40; failed=$((failed + 1))
fi

echo "library: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
