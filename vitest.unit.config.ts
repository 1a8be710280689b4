import { defineConfig } from 'vitest/config'

/**
 * `npm run test:unit`: the fast inner loop. Only the pure rules: tests/unit and the rule files
 * (`*rule*.test.ts`, with their fast-check properties), which take plain values and need no
 * database, so there is no global setup and no embedded Postgres. `npm test` runs them too.
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/**/*rule*.test.ts'],
    exclude: ['tests/workers/**', 'node_modules/**'],
    pool: 'threads',
    // Pure functions hold no state between files: sharing the imported modules keeps the run to seconds.
    isolate: false,
  },
})
