import { describe, expect, it } from 'vitest'
import { bearer, clientFor } from '../helpers/client'
import { expectProblem, newTenant, platform } from '../helpers/harness'
import { invite, newEmployee, redeem, signedInEmployee, tokenRequest } from '../helpers/portal'

const refresh = (refreshToken: string) => tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken })

describe('refresh tokens', () => {
  it('rotate: each works once and answers a successor that works', async () => {
    const me = await signedInEmployee(await newTenant())
    const first = await refresh(me.refreshToken)
    expect(first.status, first.text).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 })
    expect(first.body.refresh_token).not.toBe(me.refreshToken)
    expect(first.body.issued_token_type).toBeUndefined()
    expect((await clientFor(bearer(first.body.access_token)).get('/v1/portal/children')).status).toBe(200)
    const second = await refresh(first.body.refresh_token)
    expect(second.status, second.text).toBe(200)
  })

  it('revoke the whole session when a rotated one is presented again, access tokens included', async () => {
    const t = await newTenant()
    const employee = await newEmployee(t)
    const stolen = await redeem(t, employee.id, await invite(t, employee.id))
    const other = await redeem(t, employee.id, await invite(t, employee.id))
    const rotated = await refresh(stolen.refreshToken)
    expect(rotated.status).toBe(200)

    const replay = await refresh(stolen.refreshToken)
    expect(replay.status).toBe(400)
    expect(replay.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/already used/) })
    const successor = await refresh(rotated.body.refresh_token)
    expect(successor.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/session has ended/) })
    expectProblem(await clientFor(bearer(rotated.body.access_token)).get('/v1/portal/children'), 401, 'unauthenticated')
    expectProblem(await stolen.get('/v1/portal/children'), 401, 'unauthenticated')

    // Another sign-in of the same employee is another session: untouched.
    expect((await other.get('/v1/portal/children')).status).toBe(200)
    expect((await refresh(other.refreshToken)).status).toBe(200)
    const audit = await t.get(`/v1/audit-events?object_id=${employee.id}`)
    expect(audit.body.data[0]).toMatchObject({ action: 'portal_session.revoked', details: { reason: 'refresh_token_reused' } })
  })

  it('stop working, with the access tokens, once the employee has left', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    expect((await t.patch(`/v1/employees/${me.employeeId}`, { status: 'left' })).status).toBe(200)
    expectProblem(await me.get('/v1/portal/children'), 401, 'unauthenticated')
    const res = await refresh(me.refreshToken)
    expect(res.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/session has ended/) })
    // Coming back does not revive the ended session.
    expect((await t.patch(`/v1/employees/${me.employeeId}`, { status: 'active' })).status).toBe(200)
    expect((await refresh(me.refreshToken)).body.error).toBe('invalid_grant')
  })

  it('end for good when an employee leaves, even if they return before anyone refreshes', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    expect((await t.patch(`/v1/employees/${me.employeeId}`, { status: 'left' })).status).toBe(200)
    expect((await t.patch(`/v1/employees/${me.employeeId}`, { status: 'active' })).status).toBe(200)
    expectProblem(await me.get('/v1/portal/children'), 401, 'unauthenticated')
    expect((await refresh(me.refreshToken)).body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/session has ended/) })
  })

  it('end when a sync import leaves the employee out of the roster', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const sync = await t.post('/v1/employees/import?mode=sync', [{ employee_number: 'SOMEONE-ELSE-1', name: '新同事' }])
    expect(sync.status, sync.text).toBe(200)
    expectProblem(await me.get('/v1/portal/children'), 401, 'unauthenticated')
    expect((await refresh(me.refreshToken)).body.error).toBe('invalid_grant')
  })

  it('let an employee on leave keep using the portal', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    expect((await t.patch(`/v1/employees/${me.employeeId}`, { status: 'on_leave' })).status).toBe(200)
    expect((await me.get('/v1/portal/children')).status).toBe(200)
    expect((await refresh(me.refreshToken)).status).toBe(200)
  })

  it('do not work while the tenant is suspended', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const operator = await platform()
    await operator.post(`/v1/platform/tenants/${t.id}/suspend`)
    expectProblem(await me.get('/v1/portal/children'), 403, 'tenant_suspended')
    expect((await refresh(me.refreshToken)).body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/suspended/) })
    await operator.post(`/v1/platform/tenants/${t.id}/reactivate`)
    expect((await refresh(me.refreshToken)).status).toBe(200)
  })

  it('refuse a token that was never issued', async () => {
    for (const token of ['rt_nope', 'x'.repeat(2000)]) {
      const res = await refresh(token)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ error: 'invalid_grant' })
    }
    expect((await tokenRequest({ grant_type: 'refresh_token' })).body).toMatchObject({ error: 'invalid_request' })
  })
})
