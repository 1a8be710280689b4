import { describe, expect, it } from 'vitest'
import { bearer, clientFor, expectProblem, newTenant, send } from './client'

const INVITATION_GRANT = 'urn:tuoguan:params:oauth:grant-type:invitation-code'

describe('workerd: portal sign-in and children', () => {
  it('signs an employee in with an invitation code and registers a child', async () => {
    const t = await newTenant()
    const employee = await t.post('/v1/employees', { employee_number: 'FY2019-042', name: '王丽华' })
    expect(employee.status, employee.text).toBe(201)
    const invitation = await t.post(`/v1/employees/${employee.body.id}/invitations`, {})
    expect(invitation.status, invitation.text).toBe(201)

    const form = new URLSearchParams({ grant_type: INVITATION_GRANT, tenant: t.slug, code: invitation.body.code }).toString()
    const token = await send('POST', '/v1/oauth/token', undefined, { raw: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(token.status, token.text).toBe(200)
    expect(token.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) })

    const parent = clientFor(bearer(token.body.access_token))
    const child = await parent.post('/v1/portal/children', {
      name: '张小明',
      date_of_birth: '2021-09-14',
      allergies: ['peanuts'],
      emergency_contacts: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
      authorized_pickups: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
      consent: { purpose: 'childcare_services', policy_version: '2027-01' },
    })
    expect(child.status, child.text).toBe(201)
    expect((await parent.get('/v1/portal/children')).body.data.map((c: { id: string }) => c.id)).toEqual([child.body.id])

    // The portal token is no HR key; the code signs in again only as a retry, ending the first session.
    expectProblem(await parent.get('/v1/tenant'), 401, 'unauthenticated')
    const again = await send('POST', '/v1/oauth/token', undefined, { raw: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(again.status, again.text).toBe(200)
    expectProblem(await parent.get('/v1/portal/children'), 401, 'unauthenticated')
    expect((await clientFor(bearer(again.body.access_token)).get('/v1/portal/children')).status).toBe(200)
  })
})
