import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', validate: 'src/validate.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'es2020',
    treeshake: true,
  },
  {
    // Separate entry: imports the core through the package name so the app has one tracker.
    entry: { react: 'src/react.tsx' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'es2020',
    external: ['@paubox/tracking', '@paubox/tracking/validate', 'react', 'next', 'next/navigation.js'],
    banner: { js: "'use client';" },
  },
]);
