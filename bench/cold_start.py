#!/usr/bin/env python3
"""Cold start of the MCP server: process start -> tools/list answered, and peak RSS, per variant.

Each variant gets one discarded warm-up run, then --runs measured runs, the variants taking turns run by run. One run: spawn the server, send
initialize (protocolVersion 2025-06-18), wait for its answer, send notifications/initialized and tools/list,
stop the clock when the tools/list answer arrives (it must list the 5 tools), close stdin, and reap the process
with os.wait4 for its exit code (must be 0), its CPU time (user + system, less sensitive to a loaded machine than the
wall clock) and peak RSS (ru_maxrss; for `dotnet run` that is the largest of
the CLI and the server it starts). Prints a markdown table: median, min and max milliseconds, median peak RSS.

Usage: cold_start.py [--runs N] NAME=COMMAND [NAME=COMMAND ...]   (split at the last "="; COMMAND is split on spaces)
"""
import argparse
import json
import os
import platform
import select
import statistics
import subprocess
import sys
import time

TOOLS = 5
TIMEOUT_S = 120.0


def environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("META_")}
    env.update(DOTNET_NOLOGO="1", DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_SKIP_FIRST_TIME_EXPERIENCE="1")
    return env


class Server:
    def __init__(self, command, env):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env, bufsize=0)
        self.buffer = b""
        self.noise = 0  # stdout lines that are not JSON-RPC

    def send(self, message):
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        self.process.stdin.flush()

    def answer(self, request_id, deadline):
        fd = self.process.stdout.fileno()
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                try:
                    message = json.loads(line)
                except ValueError:
                    self.noise += 1
                    continue
                if isinstance(message, dict) and message.get("id") == request_id:
                    if "error" in message:
                        raise RuntimeError(f"request {request_id} failed: {message['error']}")
                    return message["result"]
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError(f"no answer to request {request_id} within {TIMEOUT_S:.0f} s")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError(f"the server closed stdout before answering request {request_id}")
            self.buffer += chunk

    def close(self):
        """Closes stdin and reaps the process: (exit code, peak RSS in KiB, CPU seconds user + system)."""
        self.process.stdin.close()
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.process.stdout.close()
        return self.process.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def run_once(command, env):
    start = time.perf_counter()
    deadline = time.monotonic() + TIMEOUT_S
    server = Server(command, env)
    try:
        server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "cold-start", "version": "1.0"}}})
        server.answer(1, deadline)
        initialized = time.perf_counter()
        server.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        server.send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        tools = server.answer(2, deadline)["tools"]
        listed = time.perf_counter()
    except BaseException:
        server.process.kill()
        server.close()
        raise
    exit_code, rss_kib, cpu_s = server.close()
    if len(tools) != TOOLS:
        raise RuntimeError(f"tools/list gave {len(tools)} tools, expected {TOOLS}")
    if exit_code != 0:
        raise RuntimeError(f"exit code {exit_code} after stdin closed")
    return (initialized - start) * 1000, (listed - start) * 1000, rss_kib / 1024, server.noise, cpu_s * 1000


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, .NET SDK {dotnet}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="measured runs per variant, after one warm-up (default 21)")
    parser.add_argument("variants", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args()
    env = environment()

    variants = []
    for variant in args.variants:
        name, _, command = variant.rpartition("=")
        print(f"{name}: warm-up, then {args.runs} runs of: {command}", file=sys.stderr, flush=True)
        run_once(command.split(), env)
        variants.append((name, command.split(), []))

    # Round-robin: each round runs every variant once, so a burst of load on the shared machine hits them alike.
    for _ in range(args.runs):
        for _, argv, results in variants:
            results.append(run_once(argv, env))

    print(f"\nMachine: {machine()}. Every run exited 0 after stdin closed. Variants measured in turn, run by run.\n")
    print("| variant | runs | initialize answered, median ms | tools/list answered, median ms | min ms | max ms | peak RSS, median MiB "
          "| CPU user+sys per run, median ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _, results in variants:
        listed = [r[1] for r in results]
        noise = sum(r[3] for r in results)
        note = f" ({noise} non-JSON stdout lines)" if noise else ""
        print(f"| {name}{note} | {len(results)} | {statistics.median(r[0] for r in results):.0f} | **{statistics.median(listed):.0f}** "
              f"| {min(listed):.0f} | {max(listed):.0f} | {statistics.median(r[2] for r in results):.1f} "
              f"| {statistics.median(r[4] for r in results):.0f} |")

if __name__ == "__main__":
    main()
