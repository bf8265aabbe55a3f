// Checks the OpenAPI documents the services write at build time (quarkus.smallrye-openapi.store-schema-directory):
// 1. each equals its committed copy in docs/openapi/ (so the docs never drift from the code);
// 2. Redocly CLI's recommended rules report no error and no warning, except those listed with a reason in
//    .redocly.lint-ignore.yaml.
// `npm run refresh` (node lint.mjs --refresh) copies the built documents over the committed ones first.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const documents = [
  { service: 'ingest-service', copy: 'docs/openapi/ingest.yaml' },
  { service: 'dashboard-service', copy: 'docs/openapi/dashboard.yaml' },
];
const refreshCommand = './mvnw -B -pl ingest-service,dashboard-service -am package -DskipTests && (cd openapi && npm ci && npm run refresh)';
const refresh = process.argv.includes('--refresh');
const failures = [];

for (const { service, copy } of documents) {
  const built = join(root, service, 'target/openapi/openapi.yaml');
  const committed = join(root, copy);
  if (!existsSync(built)) {
    failures.push(`${relative(root, built)} is missing: package ${service} first (${refreshCommand})`);
    continue;
  }
  if (refresh) {
    copyFileSync(built, committed);
    console.log(`refreshed ${copy} from ${relative(root, built)}`);
  } else if (!existsSync(committed) || readFileSync(built, 'utf8') !== readFileSync(committed, 'utf8')) {
    const diff = spawnSync('diff', ['-u', committed, built], { encoding: 'utf8' });
    failures.push(`${copy} differs from the document ${service} builds; review the change and refresh it with:\n  ${refreshCommand}\n`
      + (diff.stdout || '').split('\n').slice(0, 60).join('\n'));
  }
}

if (failures.length === 0) {
  const totals = { errors: 0, warnings: 0, ignored: 0 };
  for (const { copy } of documents) {
    // One document per run: with --format=json Redocly prints one JSON report per file.
    const run = spawnSync(process.execPath, [join(here, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--format=json',
      '--config', join(here, 'redocly.yaml'), join(root, copy)], { cwd: here, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    let report;
    try {
      report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
    } catch {
      failures.push(`redocly lint ${copy} did not answer JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
      continue;
    }
    for (const p of report.problems.filter((problem) => !problem.ignored)) {
      const where = (p.location || []).map((l) => `${copy}${l.pointer || ''}`).join(', ');
      failures.push(`${p.severity} ${p.ruleId}: ${p.message} at ${where}`);
    }
    for (const key of Object.keys(totals)) {
      totals[key] += report.totals[key];
    }
  }
  console.log(`redocly lint (recommended rules): ${totals.errors} errors, ${totals.warnings} warnings, `
    + `${totals.ignored} listed in .redocly.lint-ignore.yaml`);
}

if (failures.length > 0) {
  console.error(`OpenAPI check failed:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`OpenAPI documents ${refresh ? 'refreshed and ' : ''}clean: ${documents.map((d) => d.copy).join(', ')}`);
