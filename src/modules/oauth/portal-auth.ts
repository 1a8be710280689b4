import { sql } from 'kysely'
import { readInTenant } from '../../db/tenant'
import type { Principal } from '../../env'
import { ApiError } from '../../lib/errors'
import { parseApiId, prefixes } from '../../lib/ids'
import { tokenAuth } from '../../middleware/auth'
import { mayUsePortal } from '../identity'

type Standing = { employee_status: string; tenant_status: string; session_live: boolean }

const refused = (why: string) => new ApiError('unauthenticated', `${why} Sign in again.`, undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' })

/**
 * Portal surface: an employee access token. Beyond the signature (checked by `tokenAuth`), every
 * request checks in the database that the employee has not left, that the session was not ended
 * (refresh-token reuse) and that the tenant is active, so these take effect at once, not when the
 * 15-minute token expires.
 */
export const portalAuth = tokenAuth('portal', async (c, { sub, tid, sid }) => {
  const tenantId = parseApiId(prefixes.tenant, tid)
  const employeeId = parseApiId(prefixes.employee, sub)
  if (!tenantId || !employeeId || typeof sid !== 'string') throw refused('The access token does not name an employee session.')
  const [standing] = await readInTenant(
    c.var.db,
    tenantId,
    () => sql<Standing>`
      select e.status as employee_status, t.status as tenant_status,
             exists (select 1 from refresh_tokens r
                     where r.tenant_id = e.tenant_id and r.family_id = ${sid}::uuid
                       and r.revoked_at is null and r.session_expires_at > now()) as session_live
      from employees e join tenants t on t.id = e.tenant_id
      where e.tenant_id = ${tenantId} and e.id = ${employeeId}`,
  )
  if (!standing || !mayUsePortal(standing.employee_status)) throw refused('This employee is no longer on the roster.')
  if (!standing.session_live) throw refused('This session has ended.')
  if (standing.tenant_status !== 'active')
    throw new ApiError('tenant_suspended', 'This tenant is suspended; its portal is closed until the platform reactivates it.')
  return { kind: 'employee', tenantId, employeeId } satisfies Principal
})

/** The UUID of the signed-in employee of a portal request. */
export const signedInEmployee = (principal: Principal) => {
  if (principal.kind !== 'employee') throw new Error('not a portal request')
  return principal.employeeId
}
