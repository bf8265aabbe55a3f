// Where things are, from this folder.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const REPO = resolve(PACKAGE, '..');
export const LOGS = join(PACKAGE, 'target/browser-logs');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
