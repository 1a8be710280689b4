import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { childInput, type SignedIn, signedInEmployee } from '../helpers/portal'
import { securitySuite } from '../helpers/security'

const register = async (me: SignedIn, fields: Record<string, unknown> = {}) => {
  const res = await me.post('/v1/portal/children', childInput(fields))
  expect(res.status, res.text).toBe(201)
  return res.body
}

describe('children of the signed-in employee', () => {
  it('are registered with the guardian consent on the ledger, then read, listed, changed and exported', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const pickups = [
      { name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' },
      { name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002', valid_from: '2027-07-12', valid_until: '2027-07-12' },
    ]
    const created = await me.post(
      '/v1/portal/children',
      childInput({ sex: 'male', medical_notes: 'Mild asthma.', dietary_needs: ['no pork'], authorized_pickups: pickups }),
    )
    expect(created.status, created.text).toBe(201)
    expect(created.headers.get('etag')).toBe('"1"')
    expect(created.headers.get('cache-control')).toBe('no-store')
    const child = created.body
    expect(child).toMatchObject({
      id: expect.stringMatching(/^chd_/),
      object: 'child',
      name: '张小明',
      date_of_birth: '2021-09-14',
      sex: 'male',
      allergies: ['peanuts'],
      medical_notes: 'Mild asthma.',
      dietary_needs: ['no pork'],
      emergency_contacts: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
      authorized_pickups: pickups,
    })
    expect(child.consent).toBeUndefined()

    const consents = await me.get('/v1/portal/consents')
    expect(consents.body.data).toEqual([
      {
        id: expect.stringMatching(/^cns_/),
        object: 'consent',
        child_id: child.id,
        purpose: 'childcare_services',
        policy_version: '2027-01',
        given_at: expect.any(String),
        withdrawn_at: null,
        withdrawal_reason: null,
      },
    ])

    expect((await me.get(`/v1/portal/children/${child.id}`)).body).toEqual(child)
    const second = await register(me, { name: '张小红', date_of_birth: '2023-02-28', sex: 'female' })
    const list = await me.get('/v1/portal/children?limit=1')
    expect(list.body).toMatchObject({ object: 'list', has_more: true, data: [{ id: second.id }] })
    const rest = await me.get(`/v1/portal/children?limit=1&cursor=${list.body.next_cursor}`)
    expect(rest.body).toMatchObject({ has_more: false, data: [{ id: child.id }] })

    const changed = await me.patch(
      `/v1/portal/children/${child.id}`,
      { allergies: ['peanuts', 'shellfish'], medical_notes: null },
      { headers: { 'If-Match': '"1"' } },
    )
    expect(changed.status, changed.text).toBe(200)
    expect(changed.body).toMatchObject({ allergies: ['peanuts', 'shellfish'], medical_notes: null, name: '张小明', authorized_pickups: pickups })
    expect(changed.headers.get('etag')).toBe('"2"')
    expectProblem(await me.patch(`/v1/portal/children/${child.id}`, { name: 'X' }, { headers: { 'If-Match': '"1"' } }), 412, 'precondition_failed')

    const exported = await me.get('/v1/portal/children/export')
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/)
    expect(exported.body).toMatchObject({ object: 'children_export', employee_id: me.employeeId, exported_at: expect.any(String) })
    expect(exported.body.children.map((c: { id: string }) => c.id)).toEqual([child.id, second.id])
    expect(exported.body.children[0].allergies).toEqual(['peanuts', 'shellfish'])
    expect(exported.body.consents).toHaveLength(2)

    const audit = await t.get(`/v1/audit-events?actor_id=${me.employeeId}`)
    const actions = audit.body.data.map((e: { action: string }) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['child.created', 'consent.given', 'child.updated']))
    // The audit log names what changed, never the child's data.
    expect(JSON.stringify(audit.body)).not.toMatch(/张小明|peanuts|shellfish|asthma/)
  })

  it('store nothing without the guardian consent', async () => {
    const me = await signedInEmployee(await newTenant())
    const missing = await me.post('/v1/portal/children', childInput({ consent: undefined }))
    expectProblem(missing, 422, 'consent_required')
    expect(missing.body.errors).toEqual([{ path: 'consent', message: 'required' }])
    const otherPurpose = await me.post('/v1/portal/children', childInput({ consent: { purpose: 'marketing', policy_version: '2027-01' } }))
    expectProblem(otherPurpose, 422, 'consent_required')
    expect(otherPurpose.body.errors[0].path).toBe('consent.purpose')
    expectProblem(await me.post('/v1/portal/children', childInput({ consent: { purpose: 'childcare_services' } })), 422, 'invalid_request')
    expect((await me.get('/v1/portal/children')).body.data).toEqual([])
    expect((await me.get('/v1/portal/consents')).body.data).toEqual([])
  })

  it('refuse bad data naming the field, and store nothing', async () => {
    const me = await signedInEmployee(await newTenant())
    const cases: [Record<string, unknown>, string][] = [
      [{ date_of_birth: '2999-01-01' }, 'date_of_birth'],
      [{ date_of_birth: '2001-01-01' }, 'date_of_birth'],
      [{ date_of_birth: '2021-02-30' }, 'date_of_birth'],
      [{ name: '   ' }, 'name'],
      [{ sex: 'unknown' }, 'sex'],
      [{ emergency_contacts: [{ name: '李娜', relation: 'grandmother', phone: 'call me' }] }, 'emergency_contacts.0.phone'],
      [
        { authorized_pickups: [{ name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002', valid_from: '2027-07-12', valid_until: '2027-07-11' }] },
        'authorized_pickups.0.valid_until',
      ],
      [
        {
          authorized_pickups: [
            { name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' },
            { name: '王芳', relation: 'aunt', phone: '+8613900000001' },
          ],
        },
        'authorized_pickups.1.phone',
      ],
      [{ nickname: 'Ming' }, ''],
    ]
    for (const [fields, path] of cases) {
      const res = await me.post('/v1/portal/children', childInput(fields))
      expectProblem(res, 422, 'invalid_request')
      if (path)
        expect(
          res.body.errors.map((e: { path: string }) => e.path),
          JSON.stringify(fields),
        ).toContain(path)
    }
    expect((await me.get('/v1/portal/children')).body.data).toEqual([])
    const child = await register(me)
    expectProblem(await me.patch(`/v1/portal/children/${child.id}`, { date_of_birth: '2999-01-01' }), 422, 'invalid_request')
    expect((await me.get(`/v1/portal/children/${child.id}`)).body.date_of_birth).toBe('2021-09-14')
  })

  it("answer 404 for another employee's child, in the same tenant or another", async () => {
    const t = await newTenant()
    const [me, colleague] = [await signedInEmployee(t), await signedInEmployee(t)]
    const child = await register(me)
    expectProblem(await colleague.get(`/v1/portal/children/${child.id}`), 404, 'not_found')
    expectProblem(await colleague.patch(`/v1/portal/children/${child.id}`, { name: 'X' }), 404, 'not_found')
    expectProblem(await colleague.delete(`/v1/portal/children/${child.id}`), 404, 'not_found')
    expect((await colleague.get('/v1/portal/children')).body.data).toEqual([])
    expect((await colleague.get('/v1/portal/children/export')).body.children).toEqual([])
    expect((await colleague.get(`/v1/portal/consents?child_id=${child.id}`)).body.data).toEqual([])
    expectProblem(await me.get('/v1/portal/children/chd_01jd7k3m5n6p7q8r9s0t1v2w3x'), 404, 'not_found')
    expect((await me.get(`/v1/portal/children/${child.id}`)).body.name).toBe('张小明')
  })

  it('are deleted with all their data; the ledger keeps the consent, withdrawn', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const child = await register(me)
    const kept = await register(me, { name: '张小红' })
    expect((await me.delete(`/v1/portal/children/${child.id}`)).status).toBe(204)
    expectProblem(await me.get(`/v1/portal/children/${child.id}`), 404, 'not_found')
    expectProblem(await me.delete(`/v1/portal/children/${child.id}`), 404, 'not_found')
    const exported = await me.get('/v1/portal/children/export')
    expect(exported.body.children.map((c: { id: string }) => c.id)).toEqual([kept.id])
    expect(JSON.stringify(exported.body)).not.toContain('张小明')
    const ledger = await me.get(`/v1/portal/consents?child_id=${child.id}`)
    expect(ledger.body.data).toEqual([
      expect.objectContaining({ child_id: child.id, purpose: 'childcare_services', withdrawn_at: expect.any(String), withdrawal_reason: 'child_deleted' }),
    ])
    const audit = await t.get(`/v1/audit-events?object_id=${child.id}`)
    expect(audit.body.data[0]).toMatchObject({ action: 'child.deleted', actor: { kind: 'employee', id: me.employeeId } })
  })

  it('register once per Idempotency-Key', async () => {
    const me = await signedInEmployee(await newTenant())
    const headers = { 'Idempotency-Key': 'child-1' }
    const [a, b] = [await me.post('/v1/portal/children', childInput(), { headers }), await me.post('/v1/portal/children', childInput(), { headers })]
    expect(a.status).toBe(201)
    expect(b.body).toEqual(a.body)
    expect(b.headers.get('idempotent-replayed')).toBe('true')
    expect((await me.get('/v1/portal/children')).body.data).toHaveLength(1)
    expectProblem(await me.post('/v1/portal/children', childInput({ name: 'Other' }), { headers }), 422, 'idempotency_key_reused')
  })
})

const withChild = async (t: Parameters<Parameters<typeof securitySuite>[1]['setup']>[0]) => {
  const me = await signedInEmployee(t)
  return (await me.post('/v1/portal/children', childInput())).body.id as string
}

securitySuite('POST /v1/portal/children', { surface: 'portal', method: 'POST', setup: async () => ({ path: '/v1/portal/children', body: childInput() }) })
securitySuite('GET /v1/portal/children', { surface: 'portal', method: 'GET', setup: async () => ({ path: '/v1/portal/children' }) })
securitySuite('GET /v1/portal/children/export', { surface: 'portal', method: 'GET', setup: async () => ({ path: '/v1/portal/children/export' }) })
securitySuite('GET /v1/portal/consents', { surface: 'portal', method: 'GET', setup: async () => ({ path: '/v1/portal/consents' }) })
securitySuite('GET /v1/portal/children/{child_id}', {
  surface: 'portal',
  method: 'GET',
  setup: async (t) => ({ path: `/v1/portal/children/${await withChild(t)}` }),
})
securitySuite('PATCH /v1/portal/children/{child_id}', {
  surface: 'portal',
  method: 'PATCH',
  setup: async (t) => ({ path: `/v1/portal/children/${await withChild(t)}`, body: { name: 'X' } }),
})
securitySuite('DELETE /v1/portal/children/{child_id}', {
  surface: 'portal',
  method: 'DELETE',
  setup: async (t) => ({ path: `/v1/portal/children/${await withChild(t)}` }),
})
