import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './chromium.js';

// Run through `npm run test:e2e` (scripts/e2e.mjs starts the server and sets KARTA_E2E_URL).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  outputDir: 'artifacts/test-results',
  // Generous: a passing journey never waits for them, and a 2-core machine shared with a busy neighbour has been seen
  // taking 8 s to render a list its server answered in 0.3 s.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: Number(process.env.KARTA_E2E_WORKERS ?? 2),
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.KARTA_E2E_URL ?? 'http://127.0.0.1:3100',
    browserName: 'chromium',
    locale: 'en-US',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
    contextOptions: { reducedMotion: 'reduce' },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM,
  },
});
