import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import SummaryReporter from './scripts/summary-reporter';

const src = (f: string): string => fileURLToPath(new URL(`./src/${f}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@paubox\/tracking\/validate$/, replacement: src('validate.ts') },
      { find: /^@paubox\/tracking$/, replacement: src('index.ts') },
    ],
  },
  test: {
    environment: 'jsdom',
    reporters: ['default', new SummaryReporter()],
    include: ['test/unit/**/*.test.{ts,tsx}'],
    pool: 'threads',
    maxWorkers: 2,
  },
});
