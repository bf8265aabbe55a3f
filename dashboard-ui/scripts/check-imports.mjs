// Fails the build if the bundle imports anything but React and the two declared libraries,
// or lost its 'use client' banner (Next.js needs it to treat the view as a client component).
import { readFileSync, readdirSync } from 'node:fs';

const allowed = new Set(['react', 'react-dom', 'react/jsx-runtime', 'chart.js', '@tanstack/react-query']);
const files = readdirSync('dist').filter((f) => f.endsWith('.js'));
let failed = false;
for (const file of files) {
  const code = readFileSync(`dist/${file}`, 'utf8');
  if (!code.startsWith("'use client';")) {
    console.error(`dist/${file}: missing the 'use client' banner`);
    failed = true;
  }
  const specifiers = [...code.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
  for (const specifier of specifiers) {
    if (!allowed.has(specifier) && !specifier.startsWith('./')) {
      console.error(`dist/${file}: imports ${specifier}, which is not allowed`);
      failed = true;
    }
  }
  console.log(`dist/${file}: imports ${[...new Set(specifiers)].sort().join(', ')}`);
}
if (failed) process.exit(1);
