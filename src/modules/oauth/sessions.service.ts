import { type Kysely, type Selectable, sql } from 'kysely'
import { typeid } from 'typeid-js'
import type { RefreshTokensTable, SignInMethod } from '../../db/tables/portal'
import { type TenantData, type TenantScope, withRuntime } from '../../db/tenant'
import type { DB } from '../../db/types'
import type { Actor } from '../../lib/audit'
import { recordAudit } from '../../lib/audit'
import { prefixes, toApiId } from '../../lib/ids'
import type { Tokens } from '../../lib/jwt'
import { randomToken, sha256Hex } from '../../lib/secrets'

export const ACCESS_TOKEN_TTL_S = 15 * 60
const DAY_MS = 24 * 60 * 60 * 1000
/** A refresh token lapses after 30 days unused; a session (a family of them) ends 90 days after sign-in. */
export const REFRESH_TOKEN_TTL_MS = 30 * DAY_MS
export const SESSION_TTL_MS = 90 * DAY_MS
export const REFRESH_TOKEN_PREFIX = 'rt_'

export type RefreshTokenRow = Selectable<RefreshTokensTable>

/** Internal keys of sessions: UUIDv7, never shown. */
const uuid7 = () => typeid().toUUID()
export const newSessionId = uuid7

/** A portal session of the scope's tenant. */
export type Session = { employeeId: string; familyId: string }

export const employeeActor = (employeeId: string, requestId: string): Actor => ({
  kind: 'employee',
  id: toApiId(prefixes.employee, employeeId),
  requestId,
})

/** The portal access token: `sub` the employee, `tid` the tenant (API ids), `sid` the session. */
const accessToken = (tokens: Tokens, scope: TenantData, s: Session) =>
  tokens.sign('portal', toApiId(prefixes.employee, s.employeeId), { tid: toApiId(prefixes.tenant, scope.tenantId), sid: s.familyId }, ACCESS_TOKEN_TTL_S)

const insertRefreshToken = async (scope: TenantData, s: Session, method: SignInMethod, sessionEnds: Date) => {
  const secret = `${REFRESH_TOKEN_PREFIX}${randomToken(32)}`
  const expires = new Date(Math.min(Date.now() + REFRESH_TOKEN_TTL_MS, sessionEnds.getTime()))
  await scope.tx
    .insertInto('refresh_tokens')
    .values({
      tenant_id: scope.tenantId,
      id: uuid7(),
      family_id: s.familyId,
      employee_id: s.employeeId,
      token_hash: await sha256Hex(secret),
      sign_in_method: method,
      expires_at: expires,
      session_expires_at: sessionEnds,
    })
    .execute()
  return secret
}

const tokenSet = async (tokens: Tokens, scope: TenantData, s: Session, refreshToken: string) => ({
  access_token: await accessToken(tokens, scope, s),
  token_type: 'Bearer' as const,
  expires_in: ACCESS_TOKEN_TTL_S,
  refresh_token: refreshToken,
})

/** Opens a session for an employee who just signed in; the employee's ended sessions are cleared. */
export const startSession = async (scope: TenantScope, tokens: Tokens, employeeId: string, method: SignInMethod, familyId = uuid7()) => {
  const now = new Date()
  await scope.tx
    .deleteFrom('refresh_tokens')
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where('session_expires_at', '<=', now)
    .execute()
  const session: Session = { employeeId, familyId }
  const refreshToken = await insertRefreshToken(scope, session, method, new Date(now.getTime() + SESSION_TTL_MS))
  await recordAudit(scope, {
    action: 'portal_session.started',
    objectType: 'employee',
    objectId: toApiId(prefixes.employee, employeeId),
    details: { method },
  })
  return tokenSet(tokens, scope, session, refreshToken)
}

/** The tenant a refresh token belongs to, found by its hash before any tenant is set. */
export const refreshTokenTenant = async (db: Kysely<DB>, tokenHash: string) => {
  const { rows } = await withRuntime(db, (tx) => sql<{ tenant_id: string | null }>`select refresh_token_tenant(${tokenHash}) as tenant_id`.execute(tx))
  return rows[0]?.tenant_id ?? undefined
}

/** The refresh token with this hash, locked for rotation. */
export const findRefreshToken = (scope: TenantData, tokenHash: string) =>
  scope.tx.selectFrom('refresh_tokens').selectAll().where('tenant_id', '=', scope.tenantId).where('token_hash', '=', tokenHash).forUpdate().executeTakeFirst()

export const tenantIsActive = async (scope: TenantData) =>
  (await scope.tx.selectFrom('tenants').select('status').where('id', '=', scope.tenantId).executeTakeFirst())?.status === 'active'

/** Uses a refresh token up and issues its successor in the same session. */
export const rotate = async (scope: TenantData, tokens: Tokens, row: RefreshTokenRow) => {
  await scope.tx.updateTable('refresh_tokens').set({ rotated_at: new Date() }).where('tenant_id', '=', scope.tenantId).where('id', '=', row.id).execute()
  const session: Session = { employeeId: row.employee_id, familyId: row.family_id }
  return tokenSet(tokens, scope, session, await insertRefreshToken(scope, session, row.sign_in_method, row.session_expires_at))
}

/** Ends a session: every refresh token of the family stops working, and so do its access tokens. */
export const revokeSession = async (
  scope: TenantScope,
  row: Pick<RefreshTokenRow, 'family_id' | 'employee_id'>,
  reason: 'refresh_token_reused' | 'employee_left' | 'sign_in_retried',
) => {
  await scope.tx
    .updateTable('refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', scope.tenantId)
    .where('family_id', '=', row.family_id)
    .where('revoked_at', 'is', null)
    .execute()
  await recordAudit(scope, {
    action: 'portal_session.revoked',
    objectType: 'employee',
    objectId: toApiId(prefixes.employee, row.employee_id),
    details: { reason },
  })
}
