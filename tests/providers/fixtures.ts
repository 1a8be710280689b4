import { sql } from 'kysely'
import { expect } from 'vitest'
import { withRuntime } from '../../src/db/tenant'
import { sha256Hex } from '../../src/lib/secrets'
import { testApp } from '../helpers/app'
import type { TestTenant } from '../helpers/harness'

export const agency = { name: '阳光托育服务中心', kind: 'agency', contact: { name: '王老师', phone: '+86 359 202 0123', email: 'care@sunshine.example.cn' } }

export const createProvider = async (t: TestTenant, body: Record<string, unknown> = agency) => {
  const res = await t.post('/v1/providers', body)
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; name: string; kind: string }
}

/** A draft program made through the programs API (a name is all a draft needs). */
export const createProgram = async (t: TestTenant, name = '2027 summer care') => {
  const res = await t.post('/v1/programs', { name })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string }
}

export const summer = { starts_on: '2027-07-05', ends_on: '2027-08-13' }

export const createContract = async (t: TestTenant, overrides: Record<string, unknown> = {}) => {
  const provider = overrides.provider_id ? undefined : await createProvider(t)
  const program = overrides.program_ids ? undefined : await createProgram(t)
  const res = await t.post('/v1/contracts', { provider_id: provider?.id, program_ids: program && [program.id], ...summer, ...overrides })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; provider_id: string; program_ids: string[]; status: string }
}

export const issueCredential = async (t: TestTenant, contractId: string, body: Record<string, unknown> = { name: 'front desk' }) => {
  const res = await t.post(`/v1/contracts/${contractId}/credentials`, body)
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; client_id: string; client_secret: string; secret_prefix: string }
}

export type ClientAuth = {
  tenant_id: string
  contract_id: string
  credential_id: string
  provider_id: string
  starts_on: string
  ends_on: string
  contract_revoked_at: Date | null
  contract_status: string
  tenant_status: string
  tenant_time_zone: string
}

/** What the provider surface's token endpoint will see: the security-definer lookup, run as the app's role. */
export const authenticate = async (clientId: string, secret: string) => {
  const { db } = await testApp()
  const hash = await sha256Hex(secret)
  return withRuntime(db, async (tx) => (await sql<ClientAuth>`select * from authenticate_contract_client(${clientId}, ${hash})`.execute(tx)).rows)
}
