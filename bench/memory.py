#!/usr/bin/env python3
"""Resident memory of the MCP server through bursts of large calls: peak RSS, and RSS after the burst.

One run: start a fake Graph API on 127.0.0.1 (answers every POST with Meta's success body after reading it), spawn
the server with META_GRAPH_BASE_URL pointing at it, initialize, then send BURSTS bursts of CALLS calls, one after
another, each carrying a string of SIZE MiB (custom_data.note: the event is validated, hashed and sent, so the
8 MiB travel all the way to the Graph; or test_event_code: the call is rejected at once), or a batch of 1000 events
with every user_data key (--field batch). Every answer is checked (status sent, or rejected for test_event_code). RSS is read from /proc/<pid>/status every 50 ms: the peak over the
run, then the RSS 1, 2, 3, 5 and 10 s after the last answer of the last burst ("settled"), while the server is
idle. Exit status: 0 when every call was answered as expected (RSS is reported, never judged).

Usage: memory.py [--calls 60] [--size-mib 8] [--bursts 1] [--field custom_data|test_event_code|batch]
                 [--env NAME=VALUE ...] [--stderr FILE] NAME=COMMAND [NAME=COMMAND ...]   (COMMAND is split on spaces)
"""
import argparse
import http.server
import json
import os
import platform
import select
import subprocess
import sys
import threading
import time

TIMEOUT_S = 300.0
SETTLE_POINTS_S = (1, 2, 3, 5, 10)
PAGE = os.sysconf("SC_PAGE_SIZE")


class Graph(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    body = b'{"events_received": 1, "messages": [], "fbtrace_id": "MemoryBench"}'

    def do_POST(self):  # noqa: N802 (http.server's naming)
        left = int(self.headers.get("Content-Length", "0"))
        while left > 0:
            left -= len(self.rfile.read(min(left, 1 << 20)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def rss_mib(pid):
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / (1024 * 1024)


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, False

    def run(self):
        while not self.stop:
            try:
                self.peak = max(self.peak, rss_mib(self.pid))
            except (FileNotFoundError, ProcessLookupError):
                return
            time.sleep(0.05)


class Server:
    def __init__(self, command, env, stderr):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=stderr or subprocess.DEVNULL, env=env, bufsize=0)
        self.buffer = b""
        self.next_id = 0

    def request(self, method, params):
        self.next_id += 1
        line = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}).encode() + b"\n"
        self.process.stdin.write(line)
        self.process.stdin.flush()
        return self.answer(self.next_id)

    def notify(self, method):
        self.process.stdin.write(json.dumps({"jsonrpc": "2.0", "method": method}).encode() + b"\n")
        self.process.stdin.flush()

    def answer(self, request_id):
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                message = json.loads(line)
                if message.get("id") == request_id:
                    return message
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError(f"no answer to request {request_id}")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise RuntimeError(f"the server closed stdout (exit {self.process.wait()})")
            self.buffer += chunk

    def close(self):
        self.process.stdin.close()
        return self.process.wait(timeout=60)


def batch_arguments(count):
    """meta_send_conversion_events with COUNT different website purchases, every user_data key raw."""
    now = int(time.time()) - 60
    events = [{
        "event_name": "Purchase", "event_time": now, "action_source": "website", "event_id": f"order-{i}",
        "event_source_url": "https://shop.example.com/checkout/thanks",
        "user_data": {
            "em": f"  Customer.{i}@Example.com ", "ph": f"+1 (650) 555-{i % 10000:04d}", "fn": "Mary-Jane", "ln": "O'Brien",
            "db": "1997-02-16", "ge": "female", "ct": "San Francisco", "st": "California", "zp": "94035-1234",
            "country": "US", "external_id": f"user-{i}", "client_ip_address": "203.0.113.7",
            "client_user_agent": "Mozilla/5.0 (Macintosh) Bench/1.0", "fbp": "fb.1.1558571054389.1098115397",
        },
        "custom_data": {"value": 49.99, "currency": "USD", "content_ids": [f"SKU-{i}"], "content_type": "product"},
    } for i in range(count)]
    return "meta_send_conversion_events", {"pixel_id": "1234567890", "events": events}


def call_arguments(field, size_mib):
    if field == "batch":
        return batch_arguments(1000)
    big = "x" * (size_mib * 1024 * 1024)
    arguments = {
        "pixel_id": "1234567890", "event_name": "Purchase", "event_time": int(time.time()) - 60,
        "action_source": "website", "event_source_url": "https://shop.example.com/checkout",
        "event_id": "memory-bench", "user_data": {"em": "john.smith@example.com", "client_user_agent": "Mozilla/5.0"},
        "custom_data": {"value": 49.99, "currency": "USD"},
    }
    if field == "custom_data":
        arguments["custom_data"]["note"] = big
    else:
        arguments["test_event_code"] = big
    return "meta_send_conversion_event", arguments


def run(name, command, args, env):
    stderr = open(args.stderr, "ab") if args.stderr else None
    server = Server(command, env, stderr)
    sampler = Sampler(server.process.pid)
    sampler.start()
    server.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                  "clientInfo": {"name": "memory-bench", "version": "1"}})
    server.notify("notifications/initialized")
    start_rss = rss_mib(server.process.pid)
    tool, arguments = call_arguments(args.field, args.size_mib)
    expected = "rejected" if args.field == "test_event_code" else "sent"
    began = time.monotonic()
    for _ in range(args.bursts):
        for _ in range(args.calls):
            answer = server.request("tools/call", {"name": tool, "arguments": arguments})
            status = (answer.get("result") or {}).get("structuredContent", {}).get("status")
            if status != expected:
                raise RuntimeError(f"{name}: expected {expected}, got {json.dumps(answer)[:300]}")
    elapsed = time.monotonic() - began
    last = time.monotonic()
    settled = {}
    for point in SETTLE_POINTS_S:
        time.sleep(max(0.0, last + point - time.monotonic()))
        settled[point] = rss_mib(server.process.pid)
    sampler.stop = True
    code = server.close()
    if code != 0:
        raise RuntimeError(f"{name}: exit code {code}")
    return start_rss, sampler.peak, settled, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--size-mib", type=int, default=8)
    parser.add_argument("--bursts", type=int, default=1)
    parser.add_argument("--field", choices=["custom_data", "test_event_code", "batch"], default="custom_data",
                        help="where the size goes; batch: 1000 events with full user data per call (--size-mib unused)")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server (e.g. a GC setting)")
    parser.add_argument("--stderr", help="append the server's stderr to this file (default: discarded)")
    parser.add_argument("variants", nargs="+", help="NAME=COMMAND")
    args = parser.parse_args()

    graph = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Graph)
    threading.Thread(target=graph.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("META_")}
    env.update(DOTNET_NOLOGO="1", DOTNET_CLI_TELEMETRY_OPTOUT="1", META_ACCESS_TOKEN="bench-token",
               META_GRAPH_BASE_URL=f"http://127.0.0.1:{graph.server_port}")
    for setting in args.env:
        key, _, value = setting.partition("=")
        env[key] = value

    load = os.getloadavg()[0]
    what = "1000-event batches" if args.field == "batch" else f"calls with {args.size_mib} MiB in {args.field}"
    print(f"{args.bursts} burst(s) of {args.calls} {what}, one at a time; "
          f"{os.cpu_count()} cores, load average {load:.1f}, {platform.platform()}"
          + (f"; {' '.join(args.env)}" if args.env else ""))
    print()
    print("| server | RSS at start | peak RSS | " + " | ".join(f"after {p} s" for p in SETTLE_POINTS_S) + " | burst time |")
    print("| --- | ---: | ---: | " + " | ".join("---:" for _ in SETTLE_POINTS_S) + " | ---: |")
    failed = False
    for variant in args.variants:
        name, _, command = variant.rpartition("=")
        try:
            start, peak, settled, elapsed = run(name, command.split(), args, env)
        except (RuntimeError, TimeoutError, OSError, subprocess.TimeoutExpired) as error:
            print(f"| {name} | failed: {error} |")
            failed = True
            continue
        print(f"| {name} | {start:.0f} MiB | {peak:.0f} MiB | "
              + " | ".join(f"{settled[p]:.0f} MiB" for p in SETTLE_POINTS_S) + f" | {elapsed:.1f} s |")
    graph.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
