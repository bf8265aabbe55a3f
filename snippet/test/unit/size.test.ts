// @vitest-environment node
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The core entry (`@paubox/tracking`) must stay within 2.8 KB minified + gzipped: 2.5 KB until the
 * identity assertions (issue 29: asking the host before expiry, the batch field) added ~300 bytes.
 */
export const BUDGET_BYTES = 2800;

describe('size budget', () => {
  it(`core entry is ≤ ${BUDGET_BYTES} bytes min+gzip`, async () => {
    const out = await build({ entryPoints: ['src/index.ts'], bundle: true, minify: true, format: 'esm', target: 'es2020', write: false, logLevel: 'silent' });
    const code = out.outputFiles[0].contents;
    const gz = gzipSync(code, { level: 9 }).length;
    console.log(`[size] core entry: ${code.length} B minified, ${gz} B min+gzip (budget ${BUDGET_BYTES} B)`);
    expect(gz).toBeLessThanOrEqual(BUDGET_BYTES);
    // no runtime dependencies: nothing but our own sources in the bundle
    expect(new TextDecoder().decode(code)).not.toMatch(/require\(|from"/);
  });
});
