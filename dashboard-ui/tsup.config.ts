import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  target: 'es2020',
  sourcemap: false,
  clean: true,
  // React and the two libraries stay imports: the host's bundler resolves them (one React).
  external: ['react', 'react-dom', 'react/jsx-runtime', 'chart.js', '@tanstack/react-query'],
  banner: { js: "'use client';" },
});
