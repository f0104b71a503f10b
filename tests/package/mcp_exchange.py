#!/usr/bin/env python3
"""Starts an MCP stdio server command, sends initialize + notifications/initialized + tools/list, checks the
answers (server name metacapi-mcp, its tools), closes stdin and checks exit code 0.

Usage: mcp_exchange.py COMMAND [ARG ...]   Exit 0 and one summary line on stdout when all is well.
"""
import json
import os
import select
import subprocess
import sys
import time

EXPECTED_TOOLS = {
    "meta_send_conversion_event",
    "meta_send_conversion_events",
    "meta_preview_conversion_event",
    "meta_get_dataset_quality",
    "meta_get_event_stats",
}
TIMEOUT_S = 180.0  # dnx may restore the package first


def fail(message, process=None):
    if process is not None and process.poll() is None:
        process.kill()
    print(f"mcp_exchange: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    command = sys.argv[1:]
    if not command:
        fail("usage: mcp_exchange.py COMMAND [ARG ...]")
    env = {k: v for k, v in os.environ.items() if not k.startswith("META_")}
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=0)
    deadline = time.monotonic() + TIMEOUT_S
    buffer = b""

    def send(message):
        process.stdin.write((json.dumps(message) + "\n").encode())
        process.stdin.flush()

    def answer(request_id):
        nonlocal buffer
        while True:
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                try:
                    message = json.loads(line)
                except ValueError:
                    fail(f"stdout carried a line that is not JSON-RPC: {line[:200]!r}", process)
                if message.get("id") == request_id:
                    if "error" in message:
                        fail(f"request {request_id} failed: {message['error']}", process)
                    return message["result"]
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([process.stdout], [], [], left)[0]:
                fail(f"no answer to request {request_id} within {TIMEOUT_S:.0f} s", process)
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                fail(f"the server closed stdout before answering request {request_id} (exit {process.wait()})")
            buffer += chunk

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "package-test", "version": "1.0"}}})
    server = answer(1)["serverInfo"]
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    tools = {tool["name"] for tool in answer(2)["tools"]}
    process.stdin.close()
    try:
        exit_code = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        fail("the server did not exit within 30 s of stdin closing", process)

    if server.get("name") != "metacapi-mcp":
        fail(f"serverInfo.name is {server.get('name')!r}, expected 'metacapi-mcp'")
    if tools != EXPECTED_TOOLS:
        fail(f"tools/list gave {sorted(tools)}, expected {sorted(EXPECTED_TOOLS)}")
    if exit_code != 0:
        fail(f"exit code {exit_code} after stdin closed")
    print(f"{server['name']} {server.get('version')} answered initialize and tools/list ({len(tools)} tools), exit 0")


if __name__ == "__main__":
    main()
