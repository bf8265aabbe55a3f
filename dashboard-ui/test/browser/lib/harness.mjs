// The host page: the package's built dist/ mounted by test/browser/harness/main.js, bundled with vite's
// build API (React from the package's devDependencies) and served by a small static server on a free port:
// that server's origin is the one the dashboard service allows through CORS.
//   /            the view
//   /locked      the view with `customerId` locked (LOCKED_CUSTOMER)
// The served index.html gets the dashboard's base URL as window.__harnessConfig.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';
import { PACKAGE } from './paths.mjs';

export const LOCKED_CUSTOMER = 48213;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the package when dist/ is missing or older than src/ (asynchronously: the back end starts meanwhile). */
export async function ensurePackageBuilt() {
  const dist = join(PACKAGE, 'dist/index.js');
  if (!existsSync(dist) || statSync(dist).mtimeMs < newestMtime(join(PACKAGE, 'src'))) {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: PACKAGE });
  }
}

export async function buildHarness() {
  await ensurePackageBuilt();
  const outDir = mkdtempSync(join(tmpdir(), 'dashboard-ui-harness-'));
  await build({
    configFile: false,
    root: join(PACKAGE, 'test/browser/harness'),
    logLevel: 'warn',
    mode: 'production',
    build: {
      outDir, emptyOutDir: true, sourcemap: false, reportCompressedSize: false,
      // 'use client' banners mean nothing in a plain client bundle
      rollupOptions: { onwarn: (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning) },
    },
  });
  return outDir;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves the built harness; resolves to { origin, close }. */
export async function serveHarness(outDir, { port, baseUrl }) {
  const config = `<script>window.__harnessConfig = ${JSON.stringify({ baseUrl, lockedCustomerId: LOCKED_CUSTOMER })};</script>`;
  const html = readFileSync(join(outDir, 'index.html'), 'utf8').replace('</head>', `${config}</head>`);
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = normalize(join(outDir, path));
    if (file.startsWith(outDir) && extname(file) && existsSync(file)) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
      return;
    }
    if (!extname(path)) { // any page path is the single-page host
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
    cleanup: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
