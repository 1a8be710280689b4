import type { Hook } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { firstUnstorable, NUL_MESSAGE } from './fields'

/** Stable machine codes; the status of each is decided here and nowhere else. */
export const statusOf = {
  malformed_request: 400,
  invalid_signature: 400,
  unauthenticated: 401,
  forbidden: 403,
  insufficient_scope: 403,
  tenant_suspended: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_request_in_progress: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_request: 422,
  idempotency_key_reused: 422,
  invalid_cursor: 422,
  consent_required: 422,
  program_incomplete: 422,
  not_eligible: 422,
  pickup_not_authorized: 422,
  not_a_service_day: 422,
  outside_contract: 422,
  enrollments_affected: 409,
  already_enrolled: 409,
  invalid_state: 409,
  already_checked_in: 409,
  already_checked_out: 409,
  not_checked_in: 409,
  cursor_expired: 410,
  internal_error: 500,
  service_unavailable: 503,
  database_unavailable: 503,
  billing_not_configured: 503,
} as const satisfies Record<string, ContentfulStatusCode>
export type ErrorCode = keyof typeof statusOf

const titleOf = (code: string) => code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())

export type FieldError = { path: string; message: string }

/** A client-visible failure: thrown anywhere, rendered once as problem+json by `onError`. */
export class ApiError extends HTTPException {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(statusOf[code], { message: detail })
  }
}

/** Seconds a client should wait before retrying when the database is unreachable (README, "During an outage"). */
export const DATABASE_RETRY_AFTER_SECONDS = 2

/** The answer of any request the database failed under (db/errors.ts `isDatabaseUnavailable`). */
export const databaseUnavailable = () =>
  new ApiError(
    'database_unavailable',
    'The database is unreachable for the moment. Retry after Retry-After seconds; a POST retried with the same Idempotency-Key never runs twice.',
    undefined,
    {
      'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
    },
  )

export const notFound = (what: string, id: string) => new ApiError('not_found', `No ${what} ${id} in this tenant.`)
export const invalid = (path: string, message: string) => new ApiError('invalid_request', message, [{ path, message }])

export const problemBody = (code: ErrorCode, detail: string, requestId: string, errors?: FieldError[]) => ({
  type: `urn:tuoguan:problem:${code}`,
  title: titleOf(code),
  status: statusOf[code],
  detail,
  code,
  request_id: requestId,
  ...(errors?.length ? { errors } : {}),
})

const targetName: Record<string, string> = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie' }

/** The validation hook every router shares: zod issues become one problem+json shape, one entry per field. */
export const validationHook: Hook<any, any, any, any> = (result) => {
  const where = targetName[result.target] ?? result.target
  if (result.success) {
    // Whatever a schema declared, text the database cannot hold is refused here (see src/lib/fields.ts).
    const bad = firstUnstorable(result.data)
    if (!bad) return
    const path = bad.map(String).join('.') || where
    throw new ApiError('invalid_request', `The ${where} does not match the contract: ${path}: ${NUL_MESSAGE}`, [{ path, message: NUL_MESSAGE }])
  }
  const errors = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String)
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'is not a field of this request' }))
    const message = issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'is required' : issue.message
    return [{ path: path.join('.') || where, message }]
  })
  throw new ApiError('invalid_request', `The ${where} does not match the contract: ${errors[0]?.path}: ${errors[0]?.message}`, errors)
}
