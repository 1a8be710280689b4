import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { withTenant } from '../../src/db/tenant'
import { parseApiId } from '../../src/lib/ids'
import { testApp } from '../helpers/app'
import { expectProblem, newTenant, type TestTenant } from '../helpers/harness'
import { INVITATION_GRANT, invite, newEmployee, redeem, tokenRequest } from '../helpers/portal'
import { securitySuite } from '../helpers/security'

const signIn = (t: TestTenant, code: string) => tokenRequest({ grant_type: INVITATION_GRANT, tenant: t.slug, code })

/** The same code with its secret part changed (the public first 8 characters kept). */
const wrongSecret = (code: string, n: number) => `${code.slice(0, 10)}${String(n).padStart(4, '0')}${code.slice(14)}`

describe('invitation codes', () => {
  it('sign an employee in once with the code HR issued', async () => {
    const hr = await newTenant()
    const employee = await newEmployee(hr)
    const created = await hr.post(`/v1/employees/${employee.id}/invitations`, { expires_in_days: 3 })
    expect(created.status, created.text).toBe(201)
    expect(created.body).toMatchObject({ object: 'invitation', employee_id: employee.id, status: 'pending', failed_attempts: 0 })
    expect(created.body.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/)
    expect(created.body.code.startsWith(created.body.code_prefix)).toBe(true)
    const days = (Date.parse(created.body.expires_at) - Date.parse(created.body.created_at)) / 86_400_000
    expect(days).toBeCloseTo(3, 5)

    // Typed loosely: lower case, spaces instead of hyphens.
    const me = await redeem(hr, employee.id, created.body.code.toLowerCase().replace(/-/g, ' '))
    expect((await me.get('/v1/portal/children')).status).toBe(200)
    // Past the retry window for a lost answer, the code is spent.
    const { db } = await testApp()
    await withTenant(db, parseApiId('ten', hr.id) as string, ({ tx }) =>
      tx.updateTable('invitations').set({ redeemed_at: sql<Date>`redeemed_at - interval '3 minutes'` }).execute(),
    )
    const again = await signIn(hr, created.body.code)
    expect(again.status).toBe(400)
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/already used/) })

    const listed = await hr.get(`/v1/employees/${employee.id}/invitations`)
    expect(listed.body.data).toHaveLength(1)
    expect(listed.body.data[0]).toMatchObject({ id: created.body.id, status: 'redeemed', redeemed_at: expect.any(String) })
    expect(listed.body.data[0].code).toBeUndefined()
    const audit = await hr.get(`/v1/audit-events?object_id=${created.body.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['invitation.redeemed', 'invitation.created'])
    expect(audit.body.data[0].actor).toEqual({ kind: 'employee', id: employee.id })
    expect(JSON.stringify(audit.body)).not.toContain(created.body.code.slice(10))
  })

  it('sign in again within two minutes when the first answer was lost, ending the session it carried', async () => {
    const hr = await newTenant()
    const employee = await newEmployee(hr)
    const code = await invite(hr, employee.id)
    const lost = await redeem(hr, employee.id, code)
    const retried = await redeem(hr, employee.id, code)
    expect(retried.accessToken).not.toBe(lost.accessToken)
    expect((await retried.get('/v1/portal/children')).status).toBe(200)
    expectProblem(await lost.get('/v1/portal/children'), 401, 'unauthenticated')
    expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: lost.refreshToken })).status).toBe(400)
    const audit = await hr.get('/v1/audit-events?limit=100')
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['invitation.redeemed_again', 'portal_session.revoked']))
  })

  it('default to 7 days without a body', async () => {
    const hr = await newTenant()
    const employee = await newEmployee(hr)
    const created = await hr.post(`/v1/employees/${employee.id}/invitations`)
    expect(created.status, created.text).toBe(201)
    expect((Date.parse(created.body.expires_at) - Date.parse(created.body.created_at)) / 86_400_000).toBeCloseTo(7, 5)
  })

  it('lock after 5 wrong attempts, even against the right code afterwards', async () => {
    const hr = await newTenant()
    const employee = await newEmployee(hr)
    const code = await invite(hr, employee.id)
    for (let i = 1; i <= 4; i++) {
      const res = await signIn(hr, wrongSecret(code, i))
      expect(res.body).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining(`${5 - i} attempt`) })
    }
    expect((await signIn(hr, wrongSecret(code, 5))).body.error_description).toMatch(/locked after 5 wrong attempts/)
    expect((await signIn(hr, code)).body.error_description).toMatch(/locked/)
    const [listed] = (await hr.get(`/v1/employees/${employee.id}/invitations`)).body.data
    expect(listed).toMatchObject({ status: 'locked', failed_attempts: 5, locked_at: expect.any(String) })
    // HR issues a new one; it works.
    expect((await signIn(hr, await invite(hr, employee.id))).status).toBe(200)
  })

  it('count nothing for a code nobody was issued, and refuse what is not a code', async () => {
    const hr = await newTenant()
    const employee = await newEmployee(hr)
    const code = await invite(hr, employee.id)
    const unknown = await signIn(hr, `ZZZZ-ZZZZ${code.slice(9)}`)
    expect(unknown.body).toEqual({ error: 'invalid_grant', error_description: 'The invitation code is not valid.' })
    expect((await signIn(hr, 'hello')).body.error_description).toMatch(/not an invitation code/)
    expect((await tokenRequest({ grant_type: INVITATION_GRANT, tenant: hr.slug })).body).toMatchObject({ error: 'invalid_request' })
    expect((await hr.get(`/v1/employees/${employee.id}/invitations`)).body.data[0].failed_attempts).toBe(0)
  })

  it('expire', async () => {
    const hr = await newTenant()
    const employee = await newEmployee(hr)
    const created = await hr.post(`/v1/employees/${employee.id}/invitations`, { expires_in_days: 1 })
    const { db } = await testApp()
    const tenantId = parseApiId('ten', hr.id) as string
    await withTenant(db, tenantId, ({ tx }) =>
      tx
        .updateTable('invitations')
        .set({ created_at: sql`now() - interval '2 days'`, expires_at: sql`now() - interval '1 day'` } as never)
        .where('id', '=', parseApiId('inv', created.body.id) as string)
        .execute(),
    )
    expect((await signIn(hr, created.body.code)).body.error_description).toMatch(/expired/)
    expect((await hr.get(`/v1/employees/${employee.id}/invitations`)).body.data[0].status).toBe('expired')
  })

  it('revoke: by HR, and by issuing a newer code', async () => {
    const hr = await newTenant()
    const employee = await newEmployee(hr)
    const first = await hr.post(`/v1/employees/${employee.id}/invitations`)
    const second = await hr.post(`/v1/employees/${employee.id}/invitations`)
    expect((await signIn(hr, first.body.code)).body.error_description).toMatch(/revoked/)
    const revoked = await hr.delete(`/v1/employees/${employee.id}/invitations/${second.body.id}`)
    expect(revoked.status).toBe(200)
    expect(revoked.body).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) })
    expect((await hr.delete(`/v1/employees/${employee.id}/invitations/${second.body.id}`)).body.revoked_at).toBe(revoked.body.revoked_at)
    expect((await signIn(hr, second.body.code)).body.error_description).toMatch(/revoked/)
    const listed = await hr.get(`/v1/employees/${employee.id}/invitations?limit=1`)
    expect(listed.body).toMatchObject({ has_more: true, data: [{ id: second.body.id }] })
    const rest = await hr.get(`/v1/employees/${employee.id}/invitations?limit=1&cursor=${listed.body.next_cursor}`)
    expect(rest.body).toMatchObject({ has_more: false, data: [{ id: first.body.id, status: 'revoked' }] })
  })

  it('are not issued to an employee who has left, and stop working when they leave', async () => {
    const hr = await newTenant()
    const employee = await newEmployee(hr)
    const code = await invite(hr, employee.id)
    await hr.patch(`/v1/employees/${employee.id}`, { status: 'left' })
    expect((await signIn(hr, code)).body.error_description).toMatch(/has left/)
    expectProblem(await hr.post(`/v1/employees/${employee.id}/invitations`), 409, 'invalid_state')
  })

  it("answer 404 for an unknown or another tenant's employee, and 422 naming a bad field", async () => {
    const [hr, other] = [await newTenant(), await newTenant()]
    const employee = await newEmployee(hr)
    expectProblem(await other.post(`/v1/employees/${employee.id}/invitations`), 404, 'not_found')
    expectProblem(await other.get(`/v1/employees/${employee.id}/invitations`), 404, 'not_found')
    const created = await hr.post(`/v1/employees/${employee.id}/invitations`)
    expectProblem(await other.delete(`/v1/employees/${employee.id}/invitations/${created.body.id}`), 404, 'not_found')
    const bad = await hr.post(`/v1/employees/${employee.id}/invitations`, { expires_in_days: 0 })
    expectProblem(bad, 422, 'invalid_request')
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['expires_in_days'])
    expect((await hr.get(`/v1/employees/${employee.id}/invitations`)).body.data).toHaveLength(1)
  })
})

securitySuite('POST /v1/employees/{employee_id}/invitations', {
  surface: 'admin',
  method: 'POST',
  setup: async (t) => ({ path: `/v1/employees/${(await newEmployee(t)).id}/invitations`, body: {} }),
})
securitySuite('GET /v1/employees/{employee_id}/invitations', {
  surface: 'admin',
  method: 'GET',
  setup: async (t) => ({ path: `/v1/employees/${(await newEmployee(t)).id}/invitations` }),
})
securitySuite('DELETE /v1/employees/{employee_id}/invitations/{invitation_id}', {
  surface: 'admin',
  method: 'DELETE',
  setup: async (t) => {
    const employee = await newEmployee(t)
    const created = await t.post(`/v1/employees/${employee.id}/invitations`)
    return { path: `/v1/employees/${employee.id}/invitations/${created.body.id}` }
  },
})
