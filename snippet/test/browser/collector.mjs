// A local stand-in for the ingest service: records every request, checks every body against the
// wire contract (events.schema.json + visible_ms ≤ duration_ms), answers like the real one.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const schemaPath = fileURLToPath(new URL('../../../shared-model/contract/events.schema.json', import.meta.url));
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

export const eventsOf = (body) => (body && Array.isArray(body.events) ? body.events : body ? [body] : []);

export async function startCollector() {
  const c = {
    requests: [],
    violations: [],
    /** (request) => status or [status, headers]; default 204. */
    plan: () => 204,
    url: '',
    reset() {
      c.requests.length = 0;
      c.plan = () => 204;
    },
    posts() {
      return c.requests.filter((r) => r.method === 'POST');
    },
    /** Every event received (all attempts), in order; `_token` is the batch's identity assertion, if any. */
    events() {
      return c.posts().flatMap((r) => eventsOf(r.body).map((e) => ({ ...e, _status: r.status, _at: r.at, _via: r.via, _token: r.body?.identity_token })));
    },
    /** Events stored (2xx), deduplicated by event_id like the real service. */
    stored() {
      const seen = new Map();
      for (const e of c.events()) if (e._status >= 200 && e._status < 300 && !seen.has(e.event_id)) seen.set(e.event_id, e);
      return [...seen.values()];
    },
    async waitFor(what, predicate, timeoutMs = 15000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = predicate();
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(c.events().map((e) => [e.type, e.page_path, e.label, e._status]))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** Resolves once no request has arrived for `quietMs`. */
    async quiet(quietMs = 1500) {
      for (;;) {
        const last = c.requests.at(-1)?.at ?? 0;
        const idle = Date.now() - last;
        if (idle >= quietMs) return;
        await new Promise((r) => setTimeout(r, quietMs - idle));
      }
    },
  };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const r = { at: Date.now(), method: req.method, path: req.url, contentType: req.headers['content-type'] || '', raw, body: null, status: 204 };
      r.via = req.headers['sec-fetch-mode'] === 'no-cors' ? 'beacon' : 'fetch';
      const cors = {
        'Access-Control-Allow-Origin': req.headers.origin || '*',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'Retry-After',
        Vary: 'Origin',
      };
      if (req.method === 'POST') {
        try {
          r.body = JSON.parse(raw);
        } catch {
          r.body = undefined;
        }
        if (!validate(r.body)) c.violations.push({ raw, errors: validate.errors });
        for (const e of eventsOf(r.body)) if (e.type === 'time_on_page' && e.visible_ms > e.duration_ms) c.violations.push({ raw, errors: 'visible_ms > duration_ms' });
        if (!/^text\/plain/.test(r.contentType)) c.violations.push({ raw, errors: `content-type ${r.contentType}` });
        const planned = c.plan(r);
        const [status, headers] = Array.isArray(planned) ? planned : [planned, {}];
        r.status = status;
        c.requests.push(r);
        res.writeHead(status, { ...cors, ...headers });
        return res.end();
      }
      c.requests.push(r);
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'content-type' });
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  c.url = `http://127.0.0.1:${server.address().port}/api/analytics/event`;
  c.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return c;
}
