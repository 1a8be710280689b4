import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/workers/**', 'node_modules/**'],
    pool: 'forks',
    // One embedded Postgres per worker, shared by its test files (each instance takes ~0.7 GB).
    isolate: false,
    maxWorkers: 2,
    globalSetup: ['tests/helpers/global-setup.ts'],
    setupFiles: ['tests/helpers/open-database.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
