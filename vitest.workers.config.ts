import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

const REFUSED = 'proxy request failed, cannot connect to the specified address'

/**
 * `npm run test:workers`: src/worker.ts inside workerd (wrangler.toml's settings) against a real
 * PostgreSQL server, which tests/workers/global-setup.ts prepares (WORKERS_TEST_DATABASE_URL).
 * WORKERS_TEST_MAIN runs the same tests against another entry: scripts/check-bundle.sh points it
 * at the built bundle (dist/worker.js), minified and with the modules it leaves out left out.
 */
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: process.env.WORKERS_TEST_MAIN,
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: inject('workerBindings'),
        hyperdrives: { HYPERDRIVE: inject('hyperdriveUrl') },
      },
    })),
  ],
  test: {
    include: ['tests/workers/**/*.test.ts'],
    globalSetup: ['tests/workers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // postgres.js's socket for Workers leaves one promise unhandled when a connection is refused,
    // which tests/workers/unreachable.test.ts provokes on purpose. Nothing else is ignored.
    onUnhandledError: (error) => error.message !== REFUSED,
  },
})
