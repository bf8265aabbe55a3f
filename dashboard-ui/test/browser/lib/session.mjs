// One browser-test session: the harness page built and served, the back end started and seeded, Debian
// Chromium launched. Pages get their access token from the test (tokens.current) through an exposed
// function, and every request, console message and page error is recorded for the privacy checks.
import { chromium } from 'playwright-core';
import { existsSync, rmSync } from 'node:fs';
import { buildHarness, serveHarness } from './harness.mjs';
import { freePort } from './processes.mjs';
import { startStack } from './stack.mjs';
import { CHROMIUM, LOGS } from './paths.mjs';

// Playwright's launch() gives every browser a fresh temporary --user-data-dir of its own.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost'];

export async function startSession() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium missing: ${CHROMIUM} (apt-get install chromium)`);
  const harnessPort = await freePort();
  const origin = `http://localhost:${harnessPort}`;
  // the package and host page build while the back end starts
  const [built, started] = await Promise.allSettled([buildHarness(), startStack({ allowedOrigin: origin, logDir: LOGS })]);
  if (built.status === 'rejected' || started.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.stop();
    if (built.status === 'fulfilled') rmSync(built.value, { recursive: true, force: true });
    throw built.reason ?? started.reason;
  }
  const outDir = built.value;
  const stack = started.value;
  let harness;
  let browser;
  try {
    harness = await serveHarness(outDir, { port: harnessPort, baseUrl: stack.baseUrl });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  } catch (error) {
    await harness?.close();
    rmSync(outDir, { recursive: true, force: true });
    await stack.stop();
    throw error;
  }
  const tokens = { current: await stack.token('admin') };
  const record = { requests: [], console: [], pageErrors: [] };

  const session = {
    stack,
    origin,
    browser,
    tokens,
    record,
    /** A fresh context (its own storage) and page; options: viewport, colorScheme, timezoneId. */
    async newPage({ viewport = { width: 1280, height: 900 }, colorScheme = 'light', timezoneId = 'UTC', ...rest } = {}) {
      const context = await browser.newContext({ viewport, colorScheme, timezoneId, locale: 'en-US', acceptDownloads: true, ...rest });
      await context.exposeFunction('__testToken', () => tokens.current);
      const page = await context.newPage();
      page.inflight = new Set(); // API requests not answered yet (settle() waits for none)
      page.on('request', (request) => {
        record.requests.push({ url: request.url(), method: request.method(), headers: request.headers() });
        if (request.url().startsWith(stack.baseUrl)) page.inflight.add(request);
      });
      page.on('requestfinished', (request) => page.inflight.delete(request));
      page.on('requestfailed', (request) => page.inflight.delete(request));
      page.on('console', (message) => record.console.push(message.text()));
      page.on('pageerror', (error) => record.pageErrors.push(String(error)));
      return page;
    },
    async stop() {
      await browser?.close();
      await harness?.close();
      harness?.cleanup();
      await stack.stop();
    },
  };
  return session;
}
