// Child processes for the browser tests, each in its own process group (stopping one stops its children,
// no port is left behind), with its output in a log file that readiness is read from. Same approach as
// e2e/lib/processes.mjs.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// If the test process ends without its after() hook (a crash, a runner timeout), its children go too.
const live = new Set();
process.once('exit', () => {
  for (const child of live) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

export class Processes {
  constructor(logDir) {
    this.logDir = logDir;
    this.children = new Map();
  }

  start(name, command, args, { env = {}, cwd } = {}) {
    const logFile = join(this.logDir, `${name}.log`);
    const out = openSync(logFile, 'w');
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', out, out] });
    live.add(child);
    child.once('exit', () => live.delete(child));
    this.children.set(name, { child, logFile });
    return child;
  }

  log(name) {
    const entry = this.children.get(name);
    return entry ? readFileSync(entry.logFile, 'utf8') : '';
  }

  async stop(name) {
    const entry = this.children.get(name);
    if (!entry) return;
    this.children.delete(name);
    await stopGroup(entry.child);
  }

  /** Stops in reverse start order: SIGTERM, then SIGKILL after a grace period. */
  async stopAll() {
    for (const name of [...this.children.keys()].reverse()) await this.stop(name);
  }
}

async function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 15000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}

export async function waitFor(description, check, { timeoutMs = 90000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${description}${lastError ? `: ${lastError.message}` : ''}`);
}

export const waitForHttp = (url, options) => waitFor(url, async () => (await fetch(url)).ok, options);
