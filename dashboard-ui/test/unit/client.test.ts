import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '../../src/api/client';
import { describeError, shouldRetry } from '../../src/api/errors';
import { loadPagedCsv } from '../../src/api/pagedCsv';
import { loadAccessLogCsv } from '../../src/panels/AccessLogPanel';

// A real HTTP server on a random port: what the client actually sends is what is checked.
let server: Server;
let baseUrl: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.endsWith('/overview')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ page_views: 3 }));
    } else if (url.pathname.endsWith('/pages') && req.headers.accept === 'text/csv') {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('page_path,views\r\n/a,1\r\n');
    } else if (url.pathname === '/api/admin/analytics/accounts') {
      // cursor-paged like the audit trail: customers 12, 777 then (cursor a1) 48213
      const later = url.searchParams.get('cursor') === 'a1';
      const next = later ? null : 'a1';
      const csv = req.headers.accept === 'text/csv';
      res.writeHead(200, { 'content-type': csv ? 'text/csv' : 'application/json', ...(next ? { 'x-next-cursor': next } : {}) });
      const ids = later ? [48213] : [12, 777];
      res.end(csv ? `customer_id,status\r\n${ids.map((id) => `${id},steady\r\n`).join('')}`
        : JSON.stringify({ weeks: [], key_actions: [], rows: ids.map((customer_id) => ({ customer_id })), next }));
    } else if (url.pathname.includes('/users/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ user_sub: decodeURIComponent(url.pathname.split('/').pop()!), deleted: 4 }));
    } else if (url.pathname === '/api/admin/audit/verify') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, rows: 3, first_broken_id: null, head: { seq: 3, id: 3, hash: 'ab' } }));
    } else if (url.pathname === '/api/admin/audit') {
      // two pages: ids 3, 2 then (cursor c1) id 1; the cursor also in X-Next-Cursor, as the service does
      const older = url.searchParams.get('cursor') === 'c1';
      const next = older ? null : 'c1';
      const csv = req.headers.accept === 'text/csv';
      res.writeHead(200, { 'content-type': csv ? 'text/csv' : 'application/json', ...(next ? { 'x-next-cursor': next } : {}) });
      const ids = older ? [1] : [3, 2];
      res.end(csv ? `id,endpoint\r\n${ids.map((id) => `${id},"/a,b"\r\n`).join('')}`
        : JSON.stringify({ rows: ids.map((id) => ({ id })), next }));
    } else if (url.pathname.endsWith('/forbidden')) {
      res.writeHead(403, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403 }));
    } else {
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '5' });
      res.end(JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'database unavailable' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const TOKEN = 'eyJ.secret-token.sig';

describe('API client', () => {
  it('sends the token only in the Authorization header, fetched for every call', async () => {
    let calls = 0;
    const api = createApiClient(baseUrl, async () => { calls += 1; return TOKEN; });
    const answer = await api.getJson<{ page_views: number }>('/overview', { from: '2026-11-01', to: '2026-11-30', tz: 'UTC', surface: undefined });
    expect(answer.page_views).toBe(3);
    await api.getJson('/overview', {});
    expect(calls).toBe(2);
    const req = seen.at(-2)!;
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers.cookie).toBeUndefined();
    expect(req.url).toBe('/api/admin/analytics/overview?from=2026-11-01&to=2026-11-30&tz=UTC');
    expect(seen.every((r) => !(r.url ?? '').includes('secret'))).toBe(true);
  });

  it('fetches CSV with Accept: text/csv', async () => {
    const api = createApiClient(baseUrl, async () => TOKEN);
    const blob = await api.getCsv('/pages', { limit: 1000 });
    expect(await blob.text()).toBe('page_path,views\r\n/a,1\r\n');
    expect(seen.at(-1)!.headers.accept).toBe('text/csv');
    expect(seen.at(-1)!.url).toBe('/api/admin/analytics/pages?limit=1000');
  });

  it('erases with DELETE and the subject URL-encoded', async () => {
    const api = createApiClient(baseUrl, async () => TOKEN);
    expect(await api.eraseUser('auth0|abc')).toEqual({ user_sub: 'auth0|abc', deleted: 4 });
    expect(seen.at(-1)!.method).toBe('DELETE');
    expect(seen.at(-1)!.url).toBe('/api/admin/analytics/users/auth0%7Cabc');
  });

  it('turns problem+json answers into ApiError with the status and the problem', async () => {
    const api = createApiClient(baseUrl, async () => TOKEN);
    const forbidden = await api.getJson('/forbidden', {}).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ApiError);
    expect((forbidden as ApiError).status).toBe(403);
    expect((forbidden as ApiError).problem?.title).toBe('Forbidden');
    expect(describeError(forbidden).message).toContain('lacks the super_admin role');
    expect(describeError(forbidden).retryable).toBe(false);

    const unavailable = await api.getJson('/clicks', {}).catch((e: unknown) => e);
    expect((unavailable as ApiError).status).toBe(503);
    expect((unavailable as ApiError).message).toBe('database unavailable');
    expect(describeError(unavailable).retryable).toBe(true);
  });

  it('reports an unreachable service as status 0, retryable', async () => {
    const api = createApiClient('http://127.0.0.1:9', async () => TOKEN);
    const error = await api.getJson('/overview', {}).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(0);
    expect(describeError(error).retryable).toBe(true);
  });

  it('says "sign in again" for 401 and for a token that cannot be had', async () => {
    const api = createApiClient(baseUrl, async () => { throw new Error('login_required'); });
    const error = await api.getJson('/overview', {}).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(401);
    expect(describeError(error).message).toContain('sign in again');
    expect(describeError(new ApiError(401, 'x')).message).toContain('sign in again');
  });
});

describe('automatic retries', () => {
  it('retry only temporary failures, at most twice', () => {
    expect(shouldRetry(0, new ApiError(503, 'x'))).toBe(true);
    expect(shouldRetry(1, new ApiError(0, 'x'))).toBe(true);
    expect(shouldRetry(2, new ApiError(503, 'x'))).toBe(false);
    expect(shouldRetry(0, new ApiError(401, 'x'))).toBe(false);
    expect(shouldRetry(0, new ApiError(403, 'x'))).toBe(false);
    expect(shouldRetry(0, new ApiError(400, 'x'))).toBe(false);
    expect(shouldRetry(0, new Error('x'))).toBe(false);
  });

  it('reads the audit trail from /api/admin/audit, its cursor and its verification', async () => {
    const api = createApiClient(baseUrl, async () => TOKEN);
    const page = await api.readAudit({ subject: 'auth0|a', status: 403, limit: 100, cursor: undefined });
    expect(page).toEqual({ rows: [{ id: 3 }, { id: 2 }], next: 'c1' });
    expect(seen.at(-1)!.url).toBe('/api/admin/audit?subject=auth0%7Ca&status=403&limit=100');
    expect(seen.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect((await api.verifyAudit()).ok).toBe(true);
    expect(seen.at(-1)!.url).toBe('/api/admin/audit/verify');
  });

  it('joins every CSV page of the access log under one header, following X-Next-Cursor', async () => {
    const api = createApiClient(baseUrl, async () => TOKEN);
    const blob = await loadAccessLogCsv(api, { subject: 'auth0|a' });
    expect(await blob.text()).toBe('id,endpoint\r\n3,"/a,b"\r\n2,"/a,b"\r\n1,"/a,b"\r\n');
    const [first, second] = seen.slice(-2);
    expect(first.headers.accept).toBe('text/csv');
    expect(first.url).toBe('/api/admin/audit?subject=auth0%7Ca&limit=1000');
    expect(second.url).toBe('/api/admin/audit?subject=auth0%7Ca&limit=1000&cursor=c1');
  });

  it('joins every CSV page of /accounts (500 rows a page) under one header, the token only in the header', async () => {
    const api = createApiClient(baseUrl, async () => TOKEN);
    const blob = await loadPagedCsv(api, '/accounts', { from: '2026-11-01', to: '2026-11-30', tz: 'UTC', sort: 'page_views', status: undefined });
    expect(await blob.text()).toBe('customer_id,status\r\n12,steady\r\n777,steady\r\n48213,steady\r\n');
    const [first, second] = seen.slice(-2);
    expect(first.url).toBe('/api/admin/analytics/accounts?from=2026-11-01&to=2026-11-30&tz=UTC&sort=page_views&limit=500');
    expect(second.url).toBe('/api/admin/analytics/accounts?from=2026-11-01&to=2026-11-30&tz=UTC&sort=page_views&limit=500&cursor=a1');
    for (const request of [first, second]) {
      expect(request.headers.accept).toBe('text/csv');
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.url).not.toContain('secret-token');
    }
  });
});
