// Checks several browser test files share: axe-core's WCAG 2.1 A/AA violations, a URL parameter to wait for, a download's text.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PACKAGE } from './paths.mjs';

/** Waits until the page's URL has `name=value` (null: no such parameter). */
export async function waitForParam(page, name, value) {
  try {
    await page.waitForFunction(([n, v]) => new URLSearchParams(location.search).get(n) === v, [name, value], { timeout: 10000 });
  } catch {
    throw new Error(`URL never came to ${name}=${value}; it is ${page.url()}`);
  }
}

/** axe-core's WCAG 2.1 A/AA violations of the page, one readable line (and up to five nodes) each. */
export async function axe(page) {
  await page.addScriptTag({ path: join(PACKAGE, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  assert.ok(result.passes.length > 10, 'axe ran its checks');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5)
    .map((node) => `    ${node.target.join(' ')} — ${node.failureSummary?.replaceAll('\n', ' ')}`).join('\n')}`);
}

export async function streamText(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
