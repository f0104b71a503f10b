#!/usr/bin/env python3
"""Checks the .mcp/server.json packed into the package against the package and the server's own --help.

Usage: check_server_json.py SERVER_JSON PACKAGE_ID VERSION HELP_TEXT_FILE
"""
import json
import re
import sys


def main():
    path, package_id, version, help_file = sys.argv[1:5]
    with open(path, encoding="utf-8") as f:
        server = json.load(f)
    with open(help_file, encoding="utf-8") as f:
        help_names = set(re.findall(r"^\s+(META_[A-Z_]+)\s", f.read(), re.MULTILINE))

    problems = []
    if not server.get("$schema", "").endswith("/2025-10-17/server.schema.json"):
        problems.append("$schema is not the 2025-10-17 server schema")
    if not re.fullmatch(r"[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+", server.get("name", "")):
        problems.append("name is not in reverse-DNS namespace/name form")
    if not 1 <= len(server.get("description", "")) <= 100:
        problems.append("description must be 1 to 100 characters")
    if server.get("version") != version:
        problems.append(f"version {server.get('version')!r} is not the package version {version}")

    packages = [p for p in server.get("packages", []) if p.get("registryType") == "nuget"]
    if len(packages) != 1:
        problems.append("expected exactly one nuget package entry")
    else:
        package = packages[0]
        if package.get("identifier") != package_id:
            problems.append(f"identifier {package.get('identifier')!r} is not {package_id}")
        if package.get("version") != version:
            problems.append(f"package version {package.get('version')!r} is not {version}")
        if package.get("transport", {}).get("type") != "stdio":
            problems.append("transport is not stdio")
        variables = {v["name"]: v for v in package.get("environmentVariables", [])}
        if set(variables) != help_names:
            problems.append(f"environmentVariables {sorted(variables)} differ from the variables --help lists {sorted(help_names)}")
        for name, variable in variables.items():
            if not variable.get("description"):
                problems.append(f"{name} has no description")
            if variable.get("format", "string") not in ("string", "number", "boolean", "filepath"):
                problems.append(f"{name} has an unknown format")
        for secret in ("META_ACCESS_TOKEN", "META_APP_SECRET"):
            if variables.get(secret, {}).get("isSecret") is not True:
                problems.append(f"{secret} is not marked isSecret")
        if variables.get("META_ACCESS_TOKEN", {}).get("isRequired") is not True:
            problems.append("META_ACCESS_TOKEN is not marked isRequired")
        secrets = sorted(n for n, v in variables.items() if v.get("isSecret"))
        if secrets != ["META_ACCESS_TOKEN", "META_APP_SECRET"]:
            problems.append(f"only the token and the app secret are secrets, got {secrets}")

    for problem in problems:
        print(f"server.json: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
