// Starting and stopping the real pieces as separate processes, each in its own process group so that
// stopping one also stops its children (next start spawns one) and no port is left behind.
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

export class Processes {
  constructor(logDir) {
    this.logDir = logDir;
    this.children = [];
  }

  start(name, command, args, { env = {}, cwd } = {}) {
    const logFile = join(this.logDir, `${name}.log`);
    const out = openSync(logFile, 'w'); // fresh per run: readiness is read from it
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      detached: true, // own process group
      stdio: ['ignore', out, out],
    });
    this.children.push({ name, child, logFile });
    return { name, child, logFile };
  }

  /** False once the named process has exited (so a wait can stop early). */
  running(name) {
    const entry = this.children.find((c) => c.name === name);
    return !!entry && entry.child.exitCode === null && entry.child.signalCode === null;
  }

  log(name) {
    const entry = this.children.find((c) => c.name === name);
    return entry ? readFileSync(entry.logFile, 'utf8') : '';
  }

  /** Stops in reverse start order; SIGTERM first (the ingest service drains), SIGKILL after a grace period. */
  async stopAll() {
    for (const { child } of [...this.children].reverse()) {
      await stopGroup(child);
    }
    this.children = [];
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

export async function waitFor(description, check, { timeoutMs = 120000, intervalMs = 250 } = {}) {
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

export async function waitForHttp(url, options) {
  return waitFor(url, async () => (await fetch(url)).ok, options);
}
