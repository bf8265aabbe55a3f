#!/usr/bin/env node
// Screenshots of the populated view for the docs, made on the same seeded back end as the browser tests:
//   node test/browser/screenshots.mjs [file…]
// writes docs/images/dashboard-ui-light.png (1280 px), dashboard-ui-dark.png (1280 px, prefers-color-scheme
// dark) and dashboard-ui-mobile.png (390 px), each of the full page, and dashboard-ui-access-log.png (1280 px,
// the Access log tab as a security officer after "Verify chain", the first screen), dashboard-ui-accounts.png
// (1280 px, the Accounts tab, the first screen) and dashboard-ui-account.png (1280 px, an opened account, the
// full page), both over the seed plus seed.mjs's accounts, dashboard-ui-funnel.png (1280 px, the Funnel panel
// alone with seed.mjs's funnel: /compose → send_email_btn → /messages/sent), dashboard-ui-retention.png (1280 px,
// the Retention panel alone, weekly cohorts of the last 90 days, over seed.mjs's retention users) and
// dashboard-ui-logins.png (1280 px, the Logins panel alone by city, its small groups folded into "Other", over
// seed.mjs's login towns); naming files makes only those.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startSession } from './lib/session.mjs';
import { REPO } from './lib/paths.mjs';
import { CUSTOMERS, FUNNEL_STEPS, accountEvents, funnelEvents, insertSql, loginEvents, retentionEvents } from './lib/seed.mjs';
import { settle } from './lib/view.mjs';

const IMAGES = join(REPO, 'docs/images');
const SHOTS = [
  { file: 'dashboard-ui-light.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  { file: 'dashboard-ui-dark.png', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
  { file: 'dashboard-ui-mobile.png', viewport: { width: 390, height: 844 }, colorScheme: 'light', isMobile: true, hasTouch: true },
  { file: 'dashboard-ui-access-log.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light', accessLog: true },
  // last: their accounts are added to the data just before them, so the shots above keep their numbers
  { file: 'dashboard-ui-accounts.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light', accounts: '?view=accounts' },
  { file: 'dashboard-ui-account.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light', accounts: `?view=accounts&account=${CUSTOMERS[0]}`, full: true },
  // the panel alone (an element shot), over the funnel's sessions added just before it
  { file: 'dashboard-ui-funnel.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light', funnel: `?${FUNNEL_STEPS.map((s) => `funnel_step=${s}`).join('&')}` },
  // after those, for the same reason: the panel alone (its element), weekly cohorts of 90 days
  { file: 'dashboard-ui-retention.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light', retention: '?period=90d' },
  // the panel alone by city, over the login towns added just before it: a town of 5 users shown, one of 4 in "Other"
  { file: 'dashboard-ui-logins.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light', logins: 'city' },
];

const wanted = process.argv.slice(2);
const shots = wanted.length ? SHOTS.filter((shot) => wanted.includes(shot.file)) : SHOTS;
if (!shots.length) throw new Error(`no such screenshot: ${wanted.join(', ')}`);

mkdirSync(IMAGES, { recursive: true });
const session = await startSession();
try {
  const adminToken = session.tokens.current;
  let accountsAdded = false;
  let funnelAdded = false;
  let retentionAdded = false;
  let loginsAdded = false;
  for (const { file, accessLog, accounts, funnel, retention, logins, full, ...options } of shots) {
    session.tokens.current = adminToken;
    if (accounts && !accountsAdded) {
      session.stack.sql(insertSql(accountEvents(new Date())));
      accountsAdded = true;
    }
    if (funnel && !funnelAdded) {
      session.stack.sql(insertSql(funnelEvents(new Date())));
      funnelAdded = true;
    }
    if (retention && !retentionAdded) {
      session.stack.sql(insertSql(retentionEvents(new Date())));
      retentionAdded = true;
    }
    if (logins && !loginsAdded) {
      session.stack.sql(insertSql(loginEvents(new Date())));
      loginsAdded = true;
    }
    const page = await session.newPage({ ...options, reducedMotion: 'reduce' });
    await page.goto(`${session.origin}/${accounts ?? funnel ?? retention ?? ''}`);
    if (retention) {
      await page.locator('[data-panel="retention"]').scrollIntoViewIfNeeded(); // it asks only once in view
      await settle(page, { panels: ['retention'], timeout: 60000 });
    } else if (accounts) {
      await page.locator('[data-panel="accounts"], [data-panel="account-users"]').first().waitFor();
      await settle(page, { panels: accounts.includes('account=') ? ['overview', 'timeseries', 'account-users'] : ['accounts'] });
    } else if (logins) {
      await settle(page, { panels: ['logins'] });
      await page.locator(`[data-panel="logins"] [data-dimension="${logins}"]`).click();
      await page.locator('[data-panel="logins"] tr[data-suppressed]').waitFor();
    } else {
      await settle(page, funnel ? { panels: ['funnel'] } : undefined);
    }
    await page.waitForTimeout(1200); // the chart's drawing animation
    if (accessLog) {
      // the admin's visit above is in the trail now; a security officer (no super_admin) lands on the access log
      session.tokens.current = await session.stack.token('auditor');
      await page.goto(`${session.origin}/?view=access-log`);
      await page.locator('[data-panel="access-log"]').waitFor();
      await settle(page, { panels: ['access-log'] });
      await page.locator('[data-action="verify"]').click();
      await page.locator('[data-verify-result]').waitFor({ timeout: 30000 });
    }
    const path = join(IMAGES, file);
    if (funnel) await page.locator('[data-panel="funnel"]').screenshot({ path, animations: 'disabled' });
    else if (retention) await page.locator('[data-panel="retention"]').screenshot({ path, animations: 'disabled' });
    else if (logins) await page.locator('[data-panel="logins"]').screenshot({ path, animations: 'disabled' });
    else await page.screenshot({ path, fullPage: accounts ? Boolean(full) : !accessLog, animations: 'disabled' });
    console.log(`${path}: ${Math.round(statSync(path).size / 1024)} KB`);
    await page.context().close();
  }
} finally {
  await session.stop();
}
