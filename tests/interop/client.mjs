// Interop test: a client no one here wrote. The official TypeScript MCP SDK spawns the MetaCapi.Mcp stdio server,
// lists its tools, compiles every input and output schema with Ajv (JSON Schema 2020-12, strict), sends an event to a
// local fake Graph API and checks what arrived there and what came back. Then it starts the same command as a remote
// server (`http`, an API key limited to one pixel) and calls it through the SDK's Streamable HTTP client.
//
//   node client.mjs                                   # dotnet <repo>/src/MetaCapi.Mcp/bin/Release/net10.0/metacapi-mcp.dll
//   node client.mjs dotnet /abs/path/metacapi-mcp.dll
//   node client.mjs /abs/path/metacapi-mcp            # a single binary (apphost, AOT, …)
//
// Prints "ok - …" / "not ok - …" per check and ends with "interop: N passed, M failed". Exit code 1 on any failure.

import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { spawn } from "node:child_process";
import Ajv2020 from "ajv/dist/2020.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const defaultDll = resolve(repo, "src/MetaCapi.Mcp/bin/Release/net10.0/metacapi-mcp.dll");

const TOKEN = "interop-dummy-token-Zq7Xw3Kp9";
const PIXEL = "1234567890123456";
const GRAPH_VERSION = "v25.0";
const FBTRACE = "InteropTrace1";
const RAW_EMAIL = "Interop.Buyer@Example.org";
const RAW_PHONE = "+1 (650) 253-0000";
const TOOL_NAMES = [
  "meta_send_conversion_event",
  "meta_send_conversion_events",
  "meta_preview_conversion_event",
  "meta_get_dataset_quality",
  "meta_get_event_stats",
  "meta_preview_conversion_file",
  "meta_send_conversion_file",
];
// README.md#tool-annotations: readOnly, destructive, idempotent, openWorld.
const ANNOTATIONS = {
  meta_send_conversion_event: [false, false, false, true],
  meta_send_conversion_events: [false, false, false, true],
  meta_preview_conversion_event: [true, false, true, false],
  meta_preview_conversion_file: [true, false, true, false],
  meta_send_conversion_file: [false, false, true, true],
  meta_get_dataset_quality: [true, false, true, true],
  meta_get_event_stats: [true, false, true, true],
};
// A folder open to the file tools (META_FILE_ROOTS), with one small export in it.
const FILE_ROOT = mkdtempSync(join(tmpdir(), "metacapi-interop-"));
const DEADLINE_MS = 90_000;
const CALL_TIMEOUT_MS = 15_000;

const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");

// ---------------------------------------------------------------------------------------------- reporting
let passed = 0;
let failed = 0;
function check(name, condition, detail) {
  if (condition) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail === undefined ? "" : ` (${typeof detail === "string" ? detail : JSON.stringify(detail)})`}`);
  }
  return Boolean(condition);
}
const short = (value, max = 400) => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "undefined" : text.length > max ? `${text.slice(0, max)}…` : text;
};
const stderrTail = () => stderrText.slice(-2500).replace(/^[^\n]*\n/, "").trimEnd().replace(/^/gm, "#   ");
const ajvErrors = (errors) => (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.keyword}: ${e.message}`).join("; ");

// ---------------------------------------------------------------------------------------------- fake Graph API
// Read answers shaped like Meta's documented examples (our values).
const QUALITY = {
  web: [
    {
      event_name: "Purchase",
      event_match_quality: {
        composite_score: 6.8,
        match_key_feedback: [
          { identifier: "email", coverage: { percentage: 97 } },
          { identifier: "phone", coverage: { percentage: 35.5 }, potential_aly_acr_increase: { percentage: 7.2, description: "…" } },
        ],
        diagnostics: [{ name: "Update your IPv4 IP addresses to IPv6 IP addresses", solution: "Send IPv6.", percentage: 40, affected_event_count: 40, total_event_count: 100 }],
      },
      event_coverage: { percentage: 52, goal_percentage: 75 },
      dedupe_key_feedback: [{ dedupe_key: "event_id", browser_events_with_dedupe_key: { percentage: 100 }, server_events_with_dedupe_key: { percentage: 100 } }],
      data_freshness: { upload_frequency: "real_time" },
      acr: { percentage: 18.4, description: "…" },
    },
  ],
};
const statsPage = (query) => {
  const rows = {
    event: [{ value: "Purchase", count: 12 }, { value: "PageView", count: 340 }],
    event_source: {
      Purchase: [{ value: "SERVER", count: 12 }],
      PageView: [{ value: "BROWSER", count: 340 }],
    }[query.get("event")] ?? [{ value: "BROWSER", count: 340 }, { value: "SERVER", count: 12 }],
    match_keys: [{ value: "email", count: 12 }],
  }[query.get("aggregation")] ?? [];
  return { data: [{ start_time: "2026-01-05T10:00:00+0000", aggregation: query.get("aggregation"), data: rows }] };
};

const requests = [];
const graph = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(200, { "content-type": "application/json" });
    const path = new URL(req.url, "http://fake").pathname;
    if (req.method === "GET" && path.endsWith("/dataset_quality")) res.end(JSON.stringify(QUALITY));
    else if (req.method === "GET" && path.endsWith("/stats")) res.end(JSON.stringify(statsPage(new URL(req.url, "http://fake").searchParams)));
    else res.end(JSON.stringify({ events_received: 1, messages: [], fbtrace_id: FBTRACE }));
  });
});

// ---------------------------------------------------------------------------------------------- server command
const argv = process.argv.slice(2);
const [command, ...commandArgs] = argv.length > 0 ? argv : ["dotnet", defaultDll];

let transport;
let client;
let httpServer;
let stderrText = "";
let cleanedUp = false;

async function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  rmSync(FILE_ROOT, { recursive: true, force: true });
  if (httpServer && httpServer.exitCode === null) httpServer.kill("SIGKILL");
  const pid = transport?.pid;
  try {
    await client?.close(); // closes stdin, then SIGTERM, then SIGKILL (SDK)
  } catch {
    // fall through to the explicit kill below
  }
  if (pid) {
    try {
      process.kill(pid, 0);
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await new Promise((done) => graph.close(() => done()));
  graph.closeAllConnections?.();
}

function finish() {
  console.log(`interop: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

const watchdog = setTimeout(async () => {
  check(`finished within ${DEADLINE_MS / 1000} s`, false, "deadline passed; killing the server");
  if (stderrText) console.log(`# server stderr (tail):\n${stderrTail()}`);
  await cleanup().catch(() => {});
  finish();
  process.exit(1);
}, DEADLINE_MS);
watchdog.unref();

// ---------------------------------------------------------------------------------------------- the run
async function run() {
  if (argv.length === 0 && !existsSync(defaultDll)) {
    check("server binary exists", false, `${defaultDll} not found: run "dotnet build -c Release" first, or pass the server command`);
    return;
  }

  await new Promise((done, fail) => graph.listen(0, "127.0.0.1", done).once("error", fail));
  const graphUrl = `http://127.0.0.1:${graph.address().port}`;

  // Only what the server needs: the SDK's default variables, the .NET ones (DOTNET_ROOT for an apphost), ours.
  const dotnetEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith("DOTNET_")));
  transport = new StdioClientTransport({
    command,
    args: commandArgs,
    env: {
      ...getDefaultEnvironment(),
      ...dotnetEnv,
      META_ACCESS_TOKEN: TOKEN,
      META_GRAPH_BASE_URL: graphUrl,
      META_HTTP_RETRY_BASE_DELAY_SECONDS: "0.01",
      META_FILE_ROOTS: FILE_ROOT,
      META_STATE_DIR: join(FILE_ROOT, ".state"),
    },
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk) => {
    stderrText += chunk.toString("utf8");
  });

  client = new Client({ name: "metacapi-interop", version: "1.0.0" });
  try {
    await client.connect(transport, { timeout: CALL_TIMEOUT_MS });
  } catch (error) {
    check(`connect: ${command} ${commandArgs.join(" ")}`, false, error.message);
    return;
  }
  const server = client.getServerVersion();
  check("initialize: server answered", server?.name, server);

  // ---- tools/list
  const { tools } = await client.listTools(undefined, { timeout: CALL_TIMEOUT_MS });
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  check("tools/list has every tool", TOOL_NAMES.every((name) => byName.has(name)), tools.map((t) => t.name));

  const validators = new Map(); // `${tool}:${input|output}` → compiled validator
  for (const name of TOOL_NAMES) {
    const tool = byName.get(name);
    if (!tool) continue;
    check(`${name}: has a title`, typeof tool.title === "string" && tool.title.length > 0, tool.title);
    const a = tool.annotations ?? {};
    const [readOnly, destructive, idempotent, openWorld] = ANNOTATIONS[name];
    check(
      `${name}: annotations readOnly=${readOnly} destructive=${destructive} idempotent=${idempotent} openWorld=${openWorld}`,
      a.readOnlyHint === readOnly && a.destructiveHint === destructive && a.idempotentHint === idempotent && a.openWorldHint === openWorld,
      a,
    );
    for (const kind of ["input", "output"]) {
      const schema = tool[`${kind}Schema`];
      if (!check(`${name}: has an ${kind}Schema of type object`, schema?.type === "object", schema?.type)) continue;
      // Strict mode: unknown keywords, union types, missing types, ignored keywords… all throw. Warnings count too.
      const warnings = [];
      const logger = { log() {}, warn: (...m) => warnings.push(m.join(" ")), error: (...m) => warnings.push(m.join(" ")) };
      try {
        const ajv = new Ajv2020({ strict: true, allErrors: true, logger });
        validators.set(`${name}:${kind}`, ajv.compile(schema));
        check(`${name}: ${kind}Schema compiles with Ajv2020 strict`, warnings.length === 0, warnings.join(" | "));
      } catch (error) {
        check(`${name}: ${kind}Schema compiles with Ajv2020 strict`, false, error.message);
      }
    }
  }

  // ---- the compiled input schema accepts a good call and rejects bad ones
  const eventTime = Math.floor(Date.now() / 1000) - 60;
  const good = {
    pixel_id: PIXEL,
    event_name: "Purchase",
    event_time: eventTime,
    event_id: "interop-order-1001",
    event_source_url: "https://shop.example.org/checkout/thanks",
    action_source: "website",
    user_data: {
      em: RAW_EMAIL,
      ph: RAW_PHONE,
      country: "US",
      client_ip_address: "203.0.113.7",
      client_user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    },
    custom_data: { value: 49.99, currency: "USD" },
  };
  const sendInput = validators.get("meta_send_conversion_event:input");
  if (sendInput) {
    check("input schema accepts a good website Purchase", sendInput(good), ajvErrors(sendInput.errors));
    const badSource = { ...good, action_source: "shop" };
    check(
      'input schema rejects action_source "shop" (enum at /action_source)',
      !sendInput(badSource) && sendInput.errors.some((e) => e.instancePath === "/action_source" && e.keyword === "enum"),
      ajvErrors(sendInput.errors),
    );
    const { user_data: _omitted, ...noUserData } = good;
    check(
      "input schema rejects a call without user_data (required)",
      !sendInput(noUserData) && sendInput.errors.some((e) => e.keyword === "required" && e.params.missingProperty === "user_data"),
      ajvErrors(sendInput.errors),
    );
    check(
      'input schema rejects event_time "yesterday" (type at /event_time)',
      !sendInput({ ...good, event_time: "yesterday" }) && sendInput.errors.some((e) => e.instancePath === "/event_time"),
      ajvErrors(sendInput.errors),
    );
  }

  const outputOk = (toolName, structured) => {
    const validate = validators.get(`${toolName}:output`);
    return validate ? [validate(structured), ajvErrors(validate.errors)] : [false, "no compiled output schema"];
  };

  // ---- send one event
  const sent = await client.callTool({ name: "meta_send_conversion_event", arguments: good }, undefined, { timeout: CALL_TIMEOUT_MS });
  const sc = sent.structuredContent ?? {};
  check("send: isError is false", sent.isError === false || sent.isError === undefined, { isError: sent.isError, status: sc.status, errors: sc.errors, meta_error: sc.meta_error });
  check('send: status is "sent"', sc.status === "sent", sc.status);
  check("send: events_received is 1 (from the fake Graph API)", sc.events_received === 1, sc.events_received);
  check(`send: fbtrace_id is "${FBTRACE}"`, sc.fbtrace_id === FBTRACE, sc.fbtrace_id);
  check("send: structuredContent validates against the outputSchema", ...outputOk("meta_send_conversion_event", sc));
  check("send: text content present", sent.content?.some((c) => c.type === "text" && c.text.length > 0));
  const resultText = JSON.stringify(sent);
  check("send: result carries neither the token nor the raw email", !resultText.includes(TOKEN) && !resultText.toLowerCase().includes(RAW_EMAIL.toLowerCase()));

  const eventsPath = `/${GRAPH_VERSION}/${PIXEL}/events`;
  const posts = requests.filter((r) => r.method === "POST");
  check("fake Graph: exactly one request, a POST", requests.length === 1 && posts.length === 1, requests.map((r) => `${r.method} ${r.url}`));
  const post = posts[0];
  if (post) {
    const url = new URL(post.url, "http://fake");
    check(`fake Graph: POST to ${eventsPath}`, url.pathname === eventsPath, post.url);
    check("fake Graph: token not in the URL", !post.url.includes(TOKEN) && !url.searchParams.has("access_token"), post.url);
    let body;
    try {
      body = JSON.parse(post.body);
    } catch (error) {
      check("fake Graph: body is JSON", false, error.message);
    }
    if (body) {
      check("fake Graph: access_token in the body", body.access_token === TOKEN, body.access_token === undefined ? "missing" : "different value");
      const event = body.data?.[0] ?? {};
      check("fake Graph: one event, Purchase, website, our event_time", body.data?.length === 1 && event.event_name === "Purchase" && event.action_source === "website" && event.event_time === eventTime, short(event));
      const em = event.user_data?.em;
      const expectedEm = sha256(RAW_EMAIL.trim().toLowerCase());
      check("fake Graph: user_data.em[0] is sha256 of the normalized email", Array.isArray(em) && em[0] === expectedEm, { em, expected: expectedEm });
      const ph = event.user_data?.ph;
      check("fake Graph: user_data.ph[0] is sha256 of the E.164 digits", Array.isArray(ph) && ph[0] === sha256("16502530000"), { ph });
      check("fake Graph: client_ip_address and client_user_agent sent as is", event.user_data?.client_ip_address === good.user_data.client_ip_address && event.user_data?.client_user_agent === good.user_data.client_user_agent);
      check("fake Graph: no raw email or phone in the body", !post.body.toLowerCase().includes(RAW_EMAIL.toLowerCase()) && !post.body.includes("253-0000"));
    }
  }

  // ---- preview (dry run)
  const requestsBefore = requests.length;
  const { pixel_id: _pixel, ...previewArgs } = good;
  const preview = await client.callTool({ name: "meta_preview_conversion_event", arguments: { ...previewArgs, response_format: "json" } }, undefined, { timeout: CALL_TIMEOUT_MS });
  const pc = preview.structuredContent ?? {};
  check('preview: isError false, status "preview"', !preview.isError && pc.status === "preview", { isError: preview.isError, status: pc.status, errors: pc.errors });
  check("preview: structuredContent validates against the outputSchema", ...outputOk("meta_preview_conversion_event", pc));
  check("preview: payload has the hashed email and no access_token", pc.payload?.data?.[0]?.user_data?.em?.[0] === sha256(RAW_EMAIL.toLowerCase()) && !JSON.stringify(pc.payload ?? {}).includes("access_token"), short(pc.payload));
  check("preview: match_quality present", typeof pc.match_quality?.rating === "string", pc.match_quality);
  let previewText;
  try {
    previewText = JSON.parse(preview.content?.find((c) => c.type === "text")?.text ?? "");
  } catch {
    previewText = undefined;
  }
  check("preview: response_format json gives the same object as text", previewText?.status === "preview" && JSON.stringify(previewText) === JSON.stringify(pc));
  check("preview: nothing reached the fake Graph API", requests.length === requestsBefore, requests.length - requestsBefore);

  // ---- a bad argument is rejected by the server, nothing is sent
  const rejected = await client.callTool({ name: "meta_send_conversion_event", arguments: { ...good, event_time: "yesterday" } }, undefined, { timeout: CALL_TIMEOUT_MS });
  const rc = rejected.structuredContent ?? {};
  check("bad event_time: isError is true", rejected.isError === true, rejected.isError);
  check('bad event_time: status is "rejected"', rc.status === "rejected", rc.status);
  check(
    "bad event_time: an error at path event_time whose message names event_time",
    Array.isArray(rc.errors) && rc.errors.some((e) => e.path === "event_time" && typeof e.message === "string" && e.message.includes("event_time")),
    rc.errors,
  );
  check("bad event_time: the text content names event_time", rejected.content?.some((c) => c.type === "text" && c.text.includes("event_time")));
  check("bad event_time: structuredContent validates against the outputSchema", ...outputOk("meta_send_conversion_event", rc));
  check("bad event_time: nothing reached the fake Graph API", requests.length === requestsBefore, requests.length - requestsBefore);

  // ---- preview a file (nothing is sent)
  const beforeFile = requests.length;
  const rowTime = new Date(Date.now() - 3_600_000).toISOString();
  writeFileSync(join(FILE_ROOT, "orders.csv"), `Order ID,Email,Order Total,Currency,Created At\n1,${RAW_EMAIL},49.99,USD,${rowTime}\n2,not-an-email,5,USD,${rowTime}\n`);
  const filePreview = await client.callTool(
    { name: "meta_preview_conversion_file", arguments: { path: "orders.csv", pixel_id: PIXEL, defaults: { event_name: "Purchase", action_source: "physical_store" } } },
    undefined,
    { timeout: CALL_TIMEOUT_MS },
  );
  const fc = filePreview.structuredContent ?? {};
  check('file preview: isError false, status "preview"', !filePreview.isError && fc.status === "preview", { status: fc.status, errors: fc.errors });
  check("file preview: structuredContent validates against the outputSchema", ...outputOk("meta_preview_conversion_file", fc));
  check("file preview: 2 rows read, 1 valid, 1 rejected at line 3", fc.upload?.rows_read === 2 && fc.upload?.rows_valid === 1 && fc.row_errors?.[0]?.row === 3, short({ upload: fc.upload, row_errors: fc.row_errors }));
  check("file preview: the email column is mapped to user_data.em", fc.mapping?.some((m) => m.column === "Email" && m.field === "user_data.em" && m.how === "auto"), short(fc.mapping));
  check("file preview: sample_payload has the hashed email", fc.sample_payload?.user_data?.em?.[0] === sha256(RAW_EMAIL.toLowerCase()), short(fc.sample_payload));
  check("file preview: no raw email in the result, nothing reached the fake Graph API",
    !JSON.stringify(filePreview).toLowerCase().includes(RAW_EMAIL.toLowerCase()) && requests.length === beforeFile);
  // ---- the read tools: GET with the token in the Authorization header, structured content valid against the outputSchema
  const readsBefore = requests.length;
  const quality = await client.callTool({ name: "meta_get_dataset_quality", arguments: { pixel_id: PIXEL } }, undefined, { timeout: CALL_TIMEOUT_MS });
  const qc = quality.structuredContent ?? {};
  check('dataset quality: isError false, status "ok"', !quality.isError && qc.status === "ok", { isError: quality.isError, status: qc.status, errors: qc.errors, meta_error: qc.meta_error });
  check("dataset quality: Meta's score and key coverage read", qc.events?.[0]?.emq === 6.8 && qc.events?.[0]?.match_keys?.[1]?.key === "ph", short(qc.events));
  check("dataset quality: advice names user_data.ph", qc.advice?.some((a) => a.parameter === "user_data.ph"), short(qc.advice));
  check("dataset quality: structuredContent validates against the outputSchema", ...outputOk("meta_get_dataset_quality", qc));
  const stats = await client.callTool({ name: "meta_get_event_stats", arguments: { pixel_id: PIXEL } }, undefined, { timeout: CALL_TIMEOUT_MS });
  const stc = stats.structuredContent ?? {};
  check('event stats: isError false, status "ok"', !stats.isError && stc.status === "ok", { isError: stats.isError, status: stc.status, errors: stc.errors, meta_error: stc.meta_error });
  check("event stats: per-event totals split by source", short(stc.events?.map((e) => [e.event_name, e.total, e.server, e.browser])) === short([["PageView", 340, 0, 340], ["Purchase", 12, 12, 0]]), short(stc.events));
  check("event stats: structuredContent validates against the outputSchema", ...outputOk("meta_get_event_stats", stc));
  const gets = requests.slice(readsBefore);
  check("read tools: only GETs, to dataset_quality and the pixel's stats", gets.length > 0 && gets.every((r) => r.method === "GET" && /\/(dataset_quality|stats)(\?|$)/.test(r.url)), gets.map((r) => `${r.method} ${r.url}`));
  check("read tools: the token in an Authorization Bearer header, never in the URL", gets.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && !r.url.includes(TOKEN)));

  // ---- the server's log (stderr) never shows the token or raw customer data
  check("server stderr: no token, no raw email", !stderrText.includes(TOKEN) && !stderrText.toLowerCase().includes(RAW_EMAIL.toLowerCase()));
  return graphUrl;
}

// ---------------------------------------------------------------------------------------------- the remote mode
const API_KEY = "mcpk-interop-8d1f5e0c2b7a4936";
const OTHER_PIXEL = "9876543210987654";

async function freePort() {
  const probe = createTcpServer();
  await new Promise((done, fail) => probe.listen(0, "127.0.0.1", done).once("error", fail));
  const { port } = probe.address();
  await new Promise((done) => probe.close(done));
  return port;
}

async function runHttp(graphUrl) {
  const keysFile = join(FILE_ROOT, "keys.json");
  writeFileSync(keysFile, JSON.stringify([{ name: "interop", sha256: sha256(API_KEY), pixels: [PIXEL] }]));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dotnetEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith("DOTNET_")));
  httpServer = spawn(command, [...commandArgs, "http", "--urls", base], {
    env: {
      ...getDefaultEnvironment(),
      ...dotnetEnv,
      META_ACCESS_TOKEN: TOKEN,
      META_GRAPH_BASE_URL: graphUrl,
      META_MCP_API_KEYS_FILE: keysFile,
      META_STATE_DIR: join(FILE_ROOT, ".state-http"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let httpOutput = "";
  httpServer.stdout.on("data", (chunk) => { httpOutput += chunk.toString("utf8"); });
  httpServer.stderr.on("data", (chunk) => { httpOutput += chunk.toString("utf8"); });

  let ready = false;
  for (let i = 0; i < 200 && !ready && httpServer.exitCode === null; i++) {
    try {
      ready = (await fetch(`${base}/healthz`)).status === 200;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  if (!check("http: the remote server answers /healthz", ready, httpOutput.slice(-1500))) return;

  const anonymous = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
  check("http: no credential gets 401 with the resource metadata in WWW-Authenticate",
    anonymous.status === 401 && /resource_metadata=/.test(anonymous.headers.get("www-authenticate") ?? ""),
    { status: anonymous.status, header: anonymous.headers.get("www-authenticate") });

  const remote = new Client({ name: "metacapi-interop-http", version: "1.0.0" });
  const httpTransport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${API_KEY}` } },
  });
  try {
    await remote.connect(httpTransport, { timeout: CALL_TIMEOUT_MS });
    const { tools } = await remote.listTools(undefined, { timeout: CALL_TIMEOUT_MS });
    const names = tools.map((t) => t.name);
    check("http: tools/list through the SDK's Streamable HTTP client lists the event and read tools",
      ["meta_send_conversion_event", "meta_send_conversion_events", "meta_preview_conversion_event", "meta_get_dataset_quality", "meta_get_event_stats"].every((n) => names.includes(n)), names);

    const before = requests.length;
    const eventTime = Math.floor(Date.now() / 1000) - 60;
    const event = {
      pixel_id: PIXEL,
      event_name: "Purchase",
      event_time: eventTime,
      action_source: "website",
      event_source_url: "https://shop.example.com/checkout",
      user_data: { em: RAW_EMAIL, client_ip_address: "203.0.113.7", client_user_agent: "Mozilla/5.0 (interop)" },
      custom_data: { currency: "USD", value: 12.5 },
    };
    const sent = await remote.callTool({ name: "meta_send_conversion_event", arguments: event }, undefined, { timeout: CALL_TIMEOUT_MS });
    const sc = sent.structuredContent ?? {};
    check('http: send: status "sent" with Meta\'s count and trace ID', sc.status === "sent" && sc.events_received === 1 && sc.fbtrace_id === FBTRACE, { status: sc.status, errors: sc.errors });
    const posted = requests.slice(before).filter((r) => r.method === "POST");
    check("http: send: one POST reached the fake Graph API with the hashed email",
      posted.length === 1 && posted[0].body.includes(sha256(RAW_EMAIL.toLowerCase())) && !posted[0].body.toLowerCase().includes(RAW_EMAIL.toLowerCase()), posted.length);

    const beforeOther = requests.length;
    const other = await remote.callTool({ name: "meta_send_conversion_event", arguments: { ...event, pixel_id: OTHER_PIXEL } }, undefined, { timeout: CALL_TIMEOUT_MS });
    const oc = other.structuredContent ?? {};
    check("http: a pixel the key may not use is rejected at pixel_id, nothing sent",
      other.isError === true && oc.status === "rejected" && oc.errors?.some((e) => e.path === "pixel_id") && requests.length === beforeOther, { status: oc.status, errors: oc.errors });
    const seen = JSON.stringify([sent, other]);
    check("http: results carry neither the token, the key nor the raw email",
      !seen.includes(TOKEN) && !seen.includes(API_KEY) && !seen.toLowerCase().includes(RAW_EMAIL.toLowerCase()));
  } catch (error) {
    check("http: the SDK's Streamable HTTP client connects and calls", false, error?.stack ?? String(error));
  } finally {
    await remote.close().catch(() => {});
  }

  httpServer.kill("SIGTERM");
  const code = await new Promise((done) => {
    if (httpServer.exitCode !== null) done(httpServer.exitCode);
    httpServer.once("exit", (c) => done(c));
  });
  check("http: SIGTERM stops the remote server with exit code 0", code === 0, code);
  check("http: the remote server's log has no token, key or raw email",
    !httpOutput.includes(TOKEN) && !httpOutput.includes(API_KEY) && !httpOutput.toLowerCase().includes(RAW_EMAIL.toLowerCase()));
}

try {
  const graphUrl = await run();
  if (graphUrl) await runHttp(graphUrl);
} catch (error) {
  check("run without an exception", false, error?.stack ?? String(error));
} finally {
  if (failed > 0 && stderrText) {
    console.log(`# server stderr (tail):\n${stderrTail()}`);
  }
  await cleanup().catch((error) => check("cleanup", false, error.message));
  clearTimeout(watchdog);
  finish();
}
