import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { expect, it } from 'vitest'
import worker from '../../src/worker'

it('answers 503 problem+json when the database behind Hyperdrive is down', async () => {
  const ctx = createExecutionContext()
  const down = { ...env, HYPERDRIVE: { connectionString: 'postgres://nobody:secret@127.0.0.1:9/nothing' } } as Parameters<typeof worker.fetch>[1]
  const res = await worker.fetch(new Request('https://api.tuoguan.test/readyz'), down, ctx)
  await waitOnExecutionContext(ctx)
  expect(res.status).toBe(503)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  const body = await res.json()
  expect(body).toMatchObject({ status: 503, code: 'database_unavailable' })
  expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|nobody/)
})
