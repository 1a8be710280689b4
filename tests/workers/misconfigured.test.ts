import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { expect, it } from 'vitest'
import worker from '../../src/worker'

type Bindings = Parameters<typeof worker.fetch>[1]

const call = async (bindings: Bindings) => {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request('https://api.tuoguan.test/v1/tenant'), bindings, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

// Runs first in its own isolate (each test file gets fresh modules), before any good request.
it('answers a plain 500 problem while a secret is bad, and recovers once it is fixed', async () => {
  const bad = await call({ ...env, PLATFORM_API_KEY: 'too-short' } as Bindings)
  expect(bad.status).toBe(500)
  expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  const body = (await bad.json()) as { code: string; request_id: string; detail: string }
  expect(body).toMatchObject({ code: 'internal_error', request_id: bad.headers.get('x-request-id') })
  expect(body.detail).not.toMatch(/PLATFORM_API_KEY|too-short/)

  const fixed = await call(env as Bindings)
  expect(fixed.status).toBe(401)
})
