import { beforeAll } from 'vitest'
import { testApp } from './app'

/**
 * Every test file of `npm test` starts once its worker's database is open (embedded Postgres
 * created and migrated, or the server's pool). Opening it is slow under load and happens once per
 * worker; done here, under hookTimeout, it is no part of whichever test happens to run first, so a
 * test's time limit bounds only its own work.
 */
beforeAll(async () => {
  await testApp()
})
