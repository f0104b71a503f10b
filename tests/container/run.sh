#!/usr/bin/env bash
# The container image of the remote mode, built and run here without reaching any container registry on the internet:
#   1. a base image made of this machine's Debian 12 libraries (what the Native AOT binary loads: libc, libstdc++, ICU,
#      OpenSSL, zlib, CA certificates, time zones), with the user `app` (UID 1654, as in Microsoft's images), pushed
#      into a registry on 127.0.0.1 (Debian's docker-registry; skopeo copies the image in);
#   2. `dotnet publish src/MetaCapi.Mcp -t:PublishContainer` on that base, to a tarball (ContainerArchiveOutputPath):
#      the SDK's own container support, the project's own container properties;
#   3. checks of the image's configuration (non-root user, entry point, port) and a run of the image's file system
#      (chroot, as UID 1654, in a private network namespace): the entry point starts, refuses to listen on 0.0.0.0
#      without authentication, and with a keys file answers /healthz, 401 without a key and tools/list with one.
# The production image is built the same way on the default base (mcr.microsoft.com/dotnet/runtime-deps), which this
# machine cannot pull. Needs root (apt-get, chroot, unshare). Output: artifacts/container/metacapi-mcp.tar (an OCI
# image layout, which `docker load` and `podman load` read).
# Ends with "container: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out=$PWD/artifacts/container
work=$(mktemp -d)
pids=()
passed=0
failed=0
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
check() {
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "container: ok: $name"
  else
    failed=$((failed + 1))
    echo "container: FAILED: $name"
  fi
}
finish() {
  echo "container: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

install_packages() {
  local missing=()
  command -v skopeo >/dev/null || missing+=(skopeo)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  fi
}
check "skopeo and docker-registry installed (Debian packages)" install_packages
[ "$failed" -eq 0 ] || finish

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 1. The registry and the base image.
port=$(free_port)
registry=127.0.0.1:$port
cat > "$work/registry.yml" <<EOF
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: $registry }
EOF
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://$registry/v2/" >/dev/null && break; sleep 0.1; done

base_image() {
  local rootfs=$work/rootfs
  mkdir -p "$rootfs"/{usr/lib,usr/lib64,etc/ssl/certs,tmp,home/app,app}
  ln -s usr/lib "$rootfs/lib"
  ln -s usr/lib64 "$rootfs/lib64"
  ln -s usr/bin "$rootfs/bin"
  local package
  for package in libc6 libgcc-s1 libstdc++6 zlib1g libssl3 "libicu[0-9]*" tzdata; do
    dpkg-query -W -f='${binary:Package}\n' "$package" 2>/dev/null | while read -r name; do
      dpkg -L "$name" | grep -vE '^/usr/share/(doc|man|locale|lintian|bug)' | while read -r file; do
        if [ -f "$file" ] || [ -L "$file" ]; then cp -a --parents "$file" "$rootfs" 2>/dev/null; fi
      done
    done
  done
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
  # cp --parents makes the folders it creates on the way private: every user of the image must be able to traverse them.
  find "$rootfs" -type d -exec chmod 755 {} +
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654:app:/home/app:/usr/sbin/nologin\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' > "$rootfs/etc/group"
  chown 1654:1654 "$rootfs/home/app"
  chmod 1777 "$rootfs/tmp"
  python3 - "$rootfs" "$work/base" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
rootfs, layout = sys.argv[1], sys.argv[2]
blobs = os.path.join(layout, "blobs", "sha256"); os.makedirs(blobs)
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for entry in sorted(os.listdir(rootfs)):
        tar.add(os.path.join(rootfs, entry), arcname=entry)
layer = raw.getvalue(); packed = gzip.compress(layer, mtime=0)
def blob(data):
    digest = hashlib.sha256(data).hexdigest()
    open(os.path.join(blobs, digest), "wb").write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}
config = json.dumps({"architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_UID=1654"], "WorkingDir": "/"},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]}}).encode()
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **blob(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", **blob(packed)}]}).encode()
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", **blob(manifest),
    "annotations": {"org.opencontainers.image.ref.name": "bookworm"}}]}, open(os.path.join(layout, "index.json"), "w"))
json.dump({"imageLayoutVersion": "1.0.0"}, open(os.path.join(layout, "oci-layout"), "w"))
PY
  skopeo copy --quiet --dest-tls-verify=false "oci:$work/base:bookworm" "docker://$registry/metacapi-base:bookworm"
}
check "base image from this machine's Debian libraries pushed to $registry" base_image
[ "$failed" -eq 0 ] || finish

# 2. The SDK's container build, to a tarball.
publish() {
  # The image takes the whole publish folder: start from an empty one.
  rm -rf "$out" src/MetaCapi.Mcp/bin/Release/net10.0/linux-x64/publish
  DOTNET_CONTAINER_INSECURE_REGISTRIES=$registry dotnet publish src/MetaCapi.Mcp -c Release -r linux-x64 -t:PublishContainer -nologo \
    -p:ContainerBaseImage="$registry/metacapi-base:bookworm" -p:ContainerArchiveOutputPath="$out/metacapi-mcp.tar" \
    > "$work/publish.log" 2>&1 || { tail -n 30 "$work/publish.log"; return 1; }
  ! grep -E "warning IL[0-9]+|AOT analysis|Trim analysis" "$work/publish.log"
}
check "dotnet publish -t:PublishContainer with ContainerArchiveOutputPath" publish
[ -f "$out/metacapi-mcp.tar" ] || finish
ls -l "$out/metacapi-mcp.tar"

# 3. The image's configuration, and its file system run as the container would run it.
mkdir -p "$work/image" "$work/run"
tar -xf "$out/metacapi-mcp.tar" -C "$work/image"
# Reads the archive (an OCI layout, or a docker archive with manifest.json), prints the config, extracts the layers
# into $work/run and writes the entry point's path to $work/entrypoint.
unpack() {
  python3 - "$work/image" "$work/run" "$work/entrypoint" <<'PY'
import json, os, sys, tarfile
root, run, entry_file = sys.argv[1:]
def blob(digest):
    return os.path.join(root, "blobs", *digest.split(":"))
if os.path.exists(os.path.join(root, "manifest.json")):
    manifest = json.load(open(os.path.join(root, "manifest.json")))[0]
    config_path, layers = os.path.join(root, manifest["Config"]), [os.path.join(root, l) for l in manifest["Layers"]]
else:
    index = json.load(open(os.path.join(root, "index.json")))
    manifest = json.load(open(blob(index["manifests"][0]["digest"])))
    config_path, layers = blob(manifest["config"]["digest"]), [blob(l["digest"]) for l in manifest["layers"]]
config = json.load(open(config_path))["config"]
print("image config:", json.dumps({k: config.get(k) for k in ("User", "Entrypoint", "Cmd", "ExposedPorts", "WorkingDir", "Env")}))
for layer in layers:
    with tarfile.open(layer) as tar:
        tar.extractall(run, filter="fully_trusted")  # our own image: absolute symlinks (ld.so) are fine
open(entry_file, "w").write(config["Entrypoint"][0])
assert config.get("User") not in (None, "", "0", "root"), "the image runs as root"
assert config["Entrypoint"][1:] == ["http", "--urls", "http://0.0.0.0:8080"], config["Entrypoint"]
assert "8080/tcp" in config.get("ExposedPorts", {}), "port 8080 is not exposed"
assert "DOTNET_gcServer=1" in config.get("Env", []), "the server GC is not set"
PY
}
check "image: non-root user, entry point metacapi-mcp http --urls http://0.0.0.0:8080, port 8080, server GC" unpack
[ -s "$work/entrypoint" ] || finish
entrypoint=$(cat "$work/entrypoint")

# The entry point as the container runs it: UID 1654, the image's root with /dev and /proc as a runtime provides them,
# and its own network and mount namespaces (only its loopback; the mounts vanish with it).
run_in_image() {
  unshare --net --mount --propagation private --fork sh -c '
    root=$1; shift
    ip link set lo up
    mkdir -p "$root/dev" "$root/proc"
    mount --bind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    "$@"' sh "$work/run" "$@"
}
refuses_without_auth() {
  local log
  log=$(run_in_image env -i PATH=/usr/sbin:/usr/bin META_ACCESS_TOKEN=EAAcontainerTEST chroot --userspec=1654:1654 "$work/run" "$entrypoint" http --urls http://0.0.0.0:8080 2>&1)
  [ $? -eq 2 ] && grep -q "Refusing to listen on http://0.0.0.0:8080" <<<"$log"
}
check "without authentication the entry point refuses to listen on 0.0.0.0 (exit 2)" refuses_without_auth

serves_with_a_key() {
  local key="container-test-key-$RANDOM$RANDOM"
  printf '[{"name": "ci", "sha256": "%s", "pixels": ["*"]}]' "$(printf %s "$key" | sha256sum | cut -d' ' -f1)" > "$work/run/tmp/keys.json"
  run_in_image sh -c '
    env -i PATH=/usr/sbin:/usr/bin META_ACCESS_TOKEN=EAAcontainerTEST META_MCP_API_KEYS_FILE=/tmp/keys.json \
      chroot --userspec=1654:1654 "$1" "$2" http --urls http://0.0.0.0:8080 > "$1/tmp/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8080/healthz >/dev/null && break; sleep 0.1; done
    health=$(curl -s http://127.0.0.1:8080/healthz)
    anonymous=$(curl -s -o /dev/null -w "%{http_code}" -X POST http://127.0.0.1:8080/mcp -H "Content-Type: application/json" -d "{}")
    listed=$(curl -s -X POST http://127.0.0.1:8080/mcp -H "Authorization: Bearer $3" -H "Content-Type: application/json" \
      -H "Accept: application/json, text/event-stream" -H "MCP-Protocol-Version: 2025-11-25" \
      -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"ci\",\"version\":\"1\"}}}")
    kill -TERM $server; wait $server; code=$?
    echo "healthz=$health anonymous=$anonymous exit=$code"
    [ "$health" = Healthy ] && [ "$anonymous" = 401 ] && [ "$code" = 0 ] && echo "$listed" | grep -q "\"serverInfo\":{\"name\":\"metacapi-mcp\""
  ' sh "$work/run" "$entrypoint" "$key" || { cat "$work/run/tmp/server.log"; return 1; }
  ! grep -q "$key" "$work/run/tmp/server.log"
}
check "with a keys file: /healthz 200, /mcp 401 without a key, initialize with it, SIGTERM exits 0" serves_with_a_key

finish
