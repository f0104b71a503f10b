# Sourced by the package scripts (tests/package/run.sh, tests/library/run.sh): a scratch folder removed on exit
# ($work, with $feed for a local NuGet feed), the counters, and check, which runs one check quietly and prints
# "ok - …" or "not ok - …" with the last lines of the command's output.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed=$work/feed
log=$work/log
failed=0
passed=0

check() { # check "description" command...; shows the command's output only when it fails
  local name=$1; shift
  if "$@" >"$log" 2>&1; then
    echo "ok - $name"; passed=$((passed + 1))
  else
    echo "not ok - $name"; sed 's/^/#   /' "$log" | tail -n 40; failed=$((failed + 1))
  fi
}
