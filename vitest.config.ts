import { defineConfig } from 'vitest/config';

// Unit, database and HTTP suites. DB suites run on in-memory PGlite, or on PostgreSQL when
// TEST_DATABASE_URL is set (each test file gets its own schema there).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
