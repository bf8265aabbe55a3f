import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  reactStrictMode: true,
  poweredByHeader: false,
  // This folder is the app's root (the library's own package-lock.json sits two levels up).
  turbopack: { root: here },
  outputFileTracingRoot: here,
};
