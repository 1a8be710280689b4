import { z } from '@hono/zod-openapi'
import { integer, text } from '../../lib/fields'
import { idPattern, prefixes } from '../../lib/ids'
import { timestamp } from '../../lib/openapi'

export const EmployeeId = z.string().regex(idPattern(prefixes.employee)).openapi({ example: 'emp_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const InvitationId = z.string().regex(idPattern(prefixes.invitation)).openapi({ example: 'inv_01jd7k3m5n6p7q8r9s0t1v2w3x' })

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** https, or http on a loopback host (an identity provider on the developer's machine). */
const isSecureUrl = (value: string) => {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
  } catch {
    return false
  }
}

export const IdTokenAlgorithm = z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])

export const SsoSettings = z
  .object({
    object: z.literal('sso_settings'),
    issuer: z.string().openapi({ example: 'https://login.court.example.cn' }),
    jwks_uri: z.string().openapi({ example: 'https://login.court.example.cn/.well-known/jwks.json' }),
    audience: z.string().openapi({ example: 'tuoguan-portal', description: 'The `aud` the id_tokens carry: the client id the IdP gave the portal.' }),
    algorithms: z.array(IdTokenAlgorithm).openapi({ example: ['RS256'] }),
    match_on: z.enum(['employee_number', 'email']),
    claim: z.string().openapi({ example: 'employee_number', description: 'The id_token claim whose value is looked up on the roster.' }),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('SsoSettings')

export const PutSsoSettings = z
  .object({
    issuer: text({ max: 2000, trim: false }).openapi({ description: 'Must equal the `iss` of the id_tokens exactly.' }),
    jwks_uri: text({ max: 2000, min: 0, trim: false })
      .refine(isSecureUrl, 'must be an https URL (http only on a loopback host)')
      .openapi({ description: "The IdP's public keys (a JWK set), fetched and cached by the API." }),
    audience: text({ max: 500, trim: false }),
    algorithms: z
      .array(IdTokenAlgorithm)
      .min(1)
      .max(10)
      .default(['RS256'])
      .openapi({ description: 'Signature algorithms accepted; symmetric ones and `none` never are.' }),
    match_on: z.enum(['employee_number', 'email']).openapi({
      description: 'The roster field the claim is compared with: the employee number exactly, or the email case-insensitively.',
    }),
    claim: z
      .string()
      .regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'must be a claim name of 1 to 100 letters, digits and _:./-')
      .optional()
      .openapi({ description: 'Defaults to `employee_number` or `email`, after `match_on`.' }),
  })
  .strict()
  .openapi('PutSsoSettings', {
    example: {
      issuer: 'https://login.court.example.cn',
      jwks_uri: 'https://login.court.example.cn/.well-known/jwks.json',
      audience: 'tuoguan-portal',
      algorithms: ['RS256'],
      match_on: 'employee_number',
      claim: 'employee_number',
    },
  })

export const InvitationStatus = z.enum(['pending', 'redeemed', 'expired', 'locked', 'revoked']).openapi({
  description:
    '`pending` until the code is used (`redeemed`), its time runs out (`expired`), 5 wrong attempts lock it (`locked`), or HR revokes it or issues a newer one (`revoked`).',
})

export const Invitation = z
  .object({
    id: InvitationId,
    object: z.literal('invitation'),
    employee_id: EmployeeId,
    status: InvitationStatus,
    code_prefix: z.string().openapi({ example: 'K7QM-2XDP', description: 'The public first part of the code, to tell codes apart.' }),
    failed_attempts: z.number().int().openapi({ example: 0 }),
    expires_at: timestamp('2027-06-08T08:00:00.000Z'),
    redeemed_at: timestamp().nullable(),
    locked_at: timestamp().nullable(),
    revoked_at: timestamp().nullable(),
    created_at: timestamp(),
  })
  .openapi('Invitation')

export const InvitationWithCode = Invitation.extend({
  code: z.string().openapi({
    example: 'K7QM-2XDP-9F3H-W2RM-8TJC-4N6V',
    description: 'Shown only in this response; we keep a hash. Hand it to the employee, who signs in with it once.',
  }),
}).openapi('InvitationWithCode')

export const CreateInvitation = z
  .object({
    expires_in_days: integer({ min: 1, max: 30 }).optional().openapi({ description: 'Days until the code expires; default 7.', example: 7 }),
  })
  .strict()
  .openapi('CreateInvitation', { example: { expires_in_days: 7 } })
