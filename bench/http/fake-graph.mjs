// A stand-in for the Graph API's /events edge on 127.0.0.1: answers every POST at once as Meta does when it accepts
// the events, and counts them. Usage: node fake-graph.mjs PORT   (prints "ready" when listening; GET /count → the count)
import http from 'node:http';

const port = Number(process.argv[2]);
let received = 0;
const accepted = JSON.stringify({ events_received: 1, messages: [], fbtrace_id: 'BenchTrace' });

http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/count') {
    response.end(String(received));
    return;
  }
  request.resume();
  request.on('end', () => {
    received++;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(accepted) });
    response.end(accepted);
  });
}).listen(port, '127.0.0.1', () => console.log('ready'));
