// A minimal stand-in for the ingress in front of the ingest service: forwards every request unchanged
// except that it sets X-Forwarded-For to the address the test says the visitor comes from, as a real
// ingress overwrites it with the client's address. The ingest service trusts it because it connects
// from loopback (QUARKUS_HTTP_PROXY_TRUSTED_PROXIES).
import { createServer, request } from 'node:http';

export function startIngress({ port, target, clientAddress }) {
  const server = createServer((req, res) => {
    if (req.method === 'POST') server.posts += 1;
    const headers = { ...req.headers, 'x-forwarded-for': clientAddress() };
    const upstream = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers }, (answer) => {
      if (req.method === 'POST') server.answered += 1;
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (req.method === 'POST') server.answered += 1;
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.posts = 0; // beacons seen, so a test can tell "dropped" from "never sent"
  server.answered = 0; // beacons the collector has answered (the whole body arrived)
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
