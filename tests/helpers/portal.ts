import { expect } from 'vitest'
import { randomToken } from '../../src/lib/secrets'
import { bearer, type Client, clientFor, type Res, send } from './client'
import type { TestTenant } from './harness'
import { registerCredential } from './security'

export const INVITATION_GRANT = 'urn:tuoguan:params:oauth:grant-type:invitation-code'
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'

/** POST /v1/oauth/token, form-encoded, as a portal would send it. */
export const tokenRequest = (params: Record<string, string>, headers: Record<string, string> = {}): Promise<Res> =>
  send('POST', '/v1/oauth/token', undefined, {
    raw: new URLSearchParams(params).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  })

/** An employee on the tenant's roster, made through the admin API. */
export const newEmployee = async (tenant: TestTenant, fields: Record<string, unknown> = {}): Promise<{ id: string; employee_number: string }> => {
  const res = await tenant.post('/v1/employees', { employee_number: `E${randomToken(6).replace(/[^A-Za-z0-9]/g, '0')}`, name: '王丽华', ...fields })
  expect(res.status, res.text).toBe(201)
  return res.body
}

/** An invitation code for the employee, as HR issues it. */
export const invite = async (tenant: TestTenant, employeeId: string, body: Record<string, unknown> = {}): Promise<string> => {
  const res = await tenant.post(`/v1/employees/${employeeId}/invitations`, body)
  expect(res.status, res.text).toBe(201)
  return res.body.code
}

export type SignedIn = Client & { employeeId: string; accessToken: string; refreshToken: string; tenant: TestTenant }

/** Signs in with an invitation code: the employee's portal client and tokens. */
export const redeem = async (tenant: TestTenant, employeeId: string, code: string): Promise<SignedIn> => {
  const res = await tokenRequest({ grant_type: INVITATION_GRANT, tenant: tenant.slug, code })
  expect(res.status, res.text).toBe(200)
  return { ...clientFor(bearer(res.body.access_token)), employeeId, accessToken: res.body.access_token, refreshToken: res.body.refresh_token, tenant }
}

/**
 * A signed-in employee of the tenant, through the real API: HR puts them on the roster and
 * invites them, and they sign in with the code.
 */
export const signedInEmployee = async (tenant: TestTenant, fields: Record<string, unknown> = {}): Promise<SignedIn> => {
  const employee = await newEmployee(tenant, fields)
  return redeem(tenant, employee.id, await invite(tenant, employee.id))
}

registerCredential('portal', async (tenant) => bearer((await signedInEmployee(tenant)).accessToken))

/** A child registration with the guardian's consent. */
export const childInput = (fields: Record<string, unknown> = {}) => ({
  name: '张小明',
  date_of_birth: '2021-09-14',
  allergies: ['peanuts'],
  emergency_contacts: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
  authorized_pickups: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
  consent: { purpose: 'childcare_services', policy_version: '2027-01' },
  ...fields,
})
