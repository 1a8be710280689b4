import postgres from 'postgres'
import { expect, inject, it } from 'vitest'
import { operator, send } from './client'

it("closes each request's connections once the request is over", async () => {
  for (let i = 0; i < 12; i++) {
    expect((await send('GET', '/readyz', undefined)).status).toBe(200)
    expect((await operator().get('/v1/platform/tenants?limit=1')).status).toBe(200)
  }
  // Looks from outside the Worker, as the owner. Other test files run at the same time, so only
  // backends opened before this point count: every one of them belongs to a finished request.
  const observer = postgres(inject('ownerUrl'), { max: 1 })
  const login = new URL(inject('hyperdriveUrl')).username
  const [now] = await observer`select clock_timestamp() as at`
  const leftOver = async () => {
    const [row] = await observer`
      select count(*)::int as n from pg_stat_activity
      where usename = ${login} and datname = current_database() and backend_start < ${now?.at}`
    return row?.n
  }
  await expect.poll(leftOver, { timeout: 5_000 }).toBe(0)
})
