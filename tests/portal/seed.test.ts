import { describe, expect, it } from 'vitest'
import { seedPortalInvitation } from '../../src/seed/portal'
import { newTenant } from '../helpers/harness'
import { newEmployee, redeem } from '../helpers/portal'

describe('demo seed', () => {
  it('issues an invitation code a demo employee signs in with', async () => {
    const t = await newTenant()
    const employee = await newEmployee(t)
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await t.send(method, path, { body })
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
      return res.body
    }
    const code = await seedPortalInvitation(call, employee.id)
    const me = await redeem(t, employee.id, code)
    expect((await me.get('/v1/portal/children')).status).toBe(200)
  })
})
