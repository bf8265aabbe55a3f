#!/usr/bin/env node
// Screenshots of the populated view for the docs, made on the same seeded back end as the browser tests:
//   node test/browser/screenshots.mjs
// writes docs/images/dashboard-ui-light.png (1280 px), dashboard-ui-dark.png (1280 px, prefers-color-scheme
// dark) and dashboard-ui-mobile.png (390 px), each of the full page.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startSession } from './lib/session.mjs';
import { REPO } from './lib/paths.mjs';
import { settle } from './lib/view.mjs';

const IMAGES = join(REPO, 'docs/images');
const SHOTS = [
  { file: 'dashboard-ui-light.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  { file: 'dashboard-ui-dark.png', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
  { file: 'dashboard-ui-mobile.png', viewport: { width: 390, height: 844 }, colorScheme: 'light', isMobile: true, hasTouch: true },
];

mkdirSync(IMAGES, { recursive: true });
const session = await startSession();
try {
  for (const { file, ...options } of SHOTS) {
    const page = await session.newPage({ ...options, reducedMotion: 'reduce' });
    await page.goto(`${session.origin}/`);
    await settle(page);
    await page.waitForTimeout(1200); // the chart's drawing animation
    const path = join(IMAGES, file);
    await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    console.log(`${path}: ${Math.round(statSync(path).size / 1024)} KB`);
    await page.context().close();
  }
} finally {
  await session.stop();
}
