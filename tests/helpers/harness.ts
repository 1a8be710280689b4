import { expect } from 'vitest'
import { randomToken } from '../../src/lib/secrets'
import { testApp } from './app'
import { bearer, type Client, clientFor } from './client'

/** The operator's client. */
export const platform = async () => clientFor(bearer((await testApp()).config.platformApiKey))

export type TestTenant = Client & { id: string; slug: string; key: string; keyId: string }

/**
 * A fresh tenant with an HR key, made through the real platform API: tests never share tenants
 * and never depend on seed ids.
 */
export const newTenant = async (overrides: Record<string, unknown> = {}): Promise<TestTenant> => {
  const operator = await platform()
  const slug = `t-${randomToken(9)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`
  const tenant = await operator.post('/v1/platform/tenants', { slug, name: `Tenant ${slug}`, time_zone: 'Asia/Shanghai', locale: 'zh-CN', ...overrides })
  expect(tenant.status, tenant.text).toBe(201)
  const key = await operator.post(`/v1/platform/tenants/${tenant.body.id}/api-keys`, { name: 'HR', scopes: ['read', 'write'] })
  expect(key.status, key.text).toBe(201)
  return { ...clientFor(bearer(key.body.secret)), id: tenant.body.id, slug, key: key.body.secret, keyId: key.body.id }
}

/** Asserts an RFC 9457 problem with this status and code. */
export const expectProblem = (res: { status: number; body: any; headers: Headers; text: string }, status: number, code?: string) => {
  expect(res.status, res.text).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), request_id: expect.any(String) })
  if (code) expect(res.body.code).toBe(code)
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+|select |insert into|update .+ set /i)
}
