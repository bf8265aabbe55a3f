// The real back end for the browser tests: an embedded PostgreSQL (its own process, so a test can stop and
// restart it), the dev token issuer (dev/local-issuer.mjs: forges admin, viewer and expired tokens), and the
// packaged dashboard service (java -jar) migrating the schema at start, trusting that issuer and allowing
// the harness page's origin through CORS. Every port is a free random one.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Processes, freePort, waitFor, waitForHttp } from './processes.mjs';
import { generateEvents, insertSql, psql } from './seed.mjs';
import { REPO } from './paths.mjs';

const DASHBOARD_APP = join(REPO, 'dashboard-service/target/quarkus-app');
const INGEST_APP = join(REPO, 'ingest-service/target/quarkus-app');
const ISSUER = join(REPO, 'dev/local-issuer.mjs');

export async function startStack({ allowedOrigin, logDir }) {
  const jar = join(DASHBOARD_APP, 'quarkus-run.jar');
  if (!existsSync(jar)) throw new Error(`dashboard jar missing: ${jar} (run ./mvnw -pl dashboard-service -am package from the repo root)`);
  // EmbeddedDatabase lives in shared-model, which both packaged services carry.
  const dbApp = existsSync(join(INGEST_APP, 'quarkus-run.jar')) ? INGEST_APP : DASHBOARD_APP;
  mkdirSync(logDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'paubox-dashboard-ui-'));
  const processes = new Processes(logDir);
  const ports = { db: await freePort(), issuer: await freePort(), dashboard: await freePort() };
  const dbUrl = `postgresql://postgres:postgres@localhost:${ports.db}/postgres?sslmode=disable`;
  const baseUrl = `http://localhost:${ports.dashboard}`;
  const issuerUrl = `http://localhost:${ports.issuer}`;

  async function startDb() {
    processes.start('db', 'java', ['-cp', `${dbApp}/lib/boot/*:${dbApp}/lib/main/*`, 'com.paubox.tracking.database.EmbeddedDatabase'], {
      env: { ANALYTICS_EMBEDDED_DB_PORT: String(ports.db), ANALYTICS_EMBEDDED_DB_DIR: join(work, 'db') },
    });
    await waitFor('embedded PostgreSQL', () => processes.log('db').includes('embedded PostgreSQL ready'));
  }

  const stack = {
    ports,
    dbUrl,
    baseUrl,
    issuerUrl,
    sql: (query) => psql(dbUrl, query),
    count: (where) => Number(psql(dbUrl, `SELECT count(*) FROM analytics_events WHERE ${where}`)),
    /**
     * kind: admin (super_admin), viewer (no admin role), expired, auditor (security_officer only),
     * admin-auditor (both roles); or a query string of the issuer's own ('?role=…&sub=…').
     */
    async token(kind = 'admin') {
      const query = kind.startsWith('?') ? kind : {
        admin: '',
        viewer: '?role=viewer&sub=auth0%7Cviewer',
        expired: '?ttl=-120',
        auditor: '?role=security_officer&sub=auth0%7Csecurity-officer',
        'admin-auditor': '?role=super_admin,security_officer&sub=auth0%7Cadmin-auditor',
      }[kind];
      const response = await fetch(`${issuerUrl}/token${query}`);
      if (!response.ok) throw new Error(`issuer answered ${response.status}`);
      return response.text();
    },
    /** GET/DELETE against the dashboard API from Node, as the view would (bearer token). */
    async api(path, { token, accept = 'application/json', method = 'GET' } = {}) {
      const response = await fetch(`${baseUrl}/api/admin/analytics${path}`, {
        method,
        headers: { Accept: accept, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      });
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, type, body: type.includes('json') ? await response.json() : await response.text() };
    },
    /** GET against the audit trail (`/api/admin/audit…`); also returns the X-Next-Cursor header. */
    async audit(path, { token, accept = 'application/json' } = {}) {
      const response = await fetch(`${baseUrl}/api/admin/audit${path}`, {
        headers: { Accept: accept, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      });
      const type = response.headers.get('content-type') ?? '';
      return {
        status: response.status, type, next: response.headers.get('x-next-cursor'),
        body: type.includes('json') ? await response.json() : await response.text(),
      };
    },
    startDb,
    stopDb: () => processes.stop('db'),
    log: (name) => processes.log(name),
    async stop() {
      await processes.stopAll();
      rmSync(work, { recursive: true, force: true });
    },
  };

  try {
    await startDb();
    processes.start('issuer', 'node', [ISSUER], { env: { PORT: String(ports.issuer) } });
    await waitForHttp(`${issuerUrl}/.well-known/openid-configuration`);
    const dashboard = processes.start('dashboard', 'java', ['-jar', jar], {
      env: {
        ANALYTICS_DATABASE_URL: dbUrl,
        QUARKUS_HTTP_PORT: String(ports.dashboard),
        QUARKUS_FLYWAY_MIGRATE_AT_START: 'true',
        QUARKUS_FLYWAY_VALIDATE_AT_START: 'false', // validation runs before the migration
        QUARKUS_OIDC_AUTH_SERVER_URL: issuerUrl,
        ANALYTICS_ALLOWED_ORIGINS: allowedOrigin,
        // short, so a restarted database is noticed and erased rows vanish from every answer quickly
        ANALYTICS_CACHE_TTL: '2S',
      },
    });
    await waitFor('the dashboard service', async () => {
      if (dashboard.exitCode !== null) throw new Error(`it exited; see ${logDir}/dashboard.log`);
      return (await fetch(`${baseUrl}/q/health/ready`).catch(() => ({ ok: false }))).ok;
    }, { timeoutMs: 120000 });
    stack.events = generateEvents(new Date());
    stack.sql(insertSql(stack.events));
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}
