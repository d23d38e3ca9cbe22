import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DEFAULT_WEB_DIST } from './web.js';

it('serves the client from packages/web/dist by default (what `npm start` builds)', () => {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
  expect(DEFAULT_WEB_DIST).toBe(path.join(repo, 'packages/web/dist'));
});
