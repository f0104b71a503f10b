// Tool calls per second against `metacapi-mcp http`: autocannon sends the same meta_send_conversion_event call as a
// 2026-07-28 client would (one POST per call, no session) over C connections for D seconds, and prints a JSON summary.
// Usage: node load.mjs URL KEY CONNECTIONS SECONDS
import autocannon from 'autocannon';

const [url, key, connections, seconds] = process.argv.slice(2);
const now = Math.floor(Date.now() / 1000);
const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'meta_send_conversion_event',
    arguments: {
      pixel_id: '1234567890',
      event_name: 'Purchase',
      event_time: now - 60,
      event_source_url: 'https://shop.example.com/checkout/thanks',
      action_source: 'website',
      event_id: 'bench-order-1',
      user_data: {
        em: 'Bench.Customer@Example.com',
        ph: '(650) 555-0100',
        fn: 'Mary',
        country: 'US',
        external_id: 'bench-user-1',
        client_ip_address: '203.0.113.7',
        client_user_agent: 'Mozilla/5.0 (bench)',
      },
      custom_data: { value: 49.99, currency: 'usd' },
    },
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'autocannon', version: '8' },
    },
  },
});

const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(connections),
  duration: Number(seconds),
  headers: {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${key}`,
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': 'meta_send_conversion_event',
  },
  body,
});

console.log(JSON.stringify({
  requests: result.requests.total,
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  perSecond: result.requests.average,
  p50: result.latency.p50,
  p90: result.latency.p90,
  p99: result.latency.p99,
  max: result.latency.max,
  seconds: result.duration,
}));
