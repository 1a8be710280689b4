import { z } from '@hono/zod-openapi'
import { withTextRules } from '../../lib/fields'

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
export const INVITATION_CODE = 'urn:tuoguan:params:oauth:grant-type:invitation-code'
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token'

const param = (description: string, example?: string) => withTextRules(z.string()).optional().openapi({ description, example })

export const TokenRequest = z
  .object({
    grant_type: withTextRules(z.string().min(1)).openapi({
      description: `One of \`${TOKEN_EXCHANGE}\` (an employer id_token), \`${INVITATION_CODE}\` (an HR invitation code), \`refresh_token\` (employees), or \`client_credentials\` (a contracted provider).`,
      example: INVITATION_CODE,
    }),
    tenant: param('Token exchange and invitation code: the tenant, by slug or portal host.', 'yuncheng-court'),
    subject_token: param("Token exchange: the employer identity provider's id_token (a JWT)."),
    subject_token_type: param(`Token exchange: \`${ID_TOKEN_TYPE}\`.`, ID_TOKEN_TYPE),
    requested_token_type: param(`Token exchange, optional: \`${ACCESS_TOKEN_TYPE}\`, the only type issued.`),
    code: param('Invitation code: the code HR handed out (case, spaces and hyphens do not matter).', 'K7QM-2XDP-9F3H-W2RM-8TJC-4N6V'),
    refresh_token: param('Refresh token: the refresh token of the last response (each works once).'),
    client_id: param("Client credentials: the contract credential's client id, when not sent with HTTP Basic.", 'cli_01jd7k3m5n6p7q8r9s0t1v2w3x'),
    client_secret: param('Client credentials: its secret, when not sent with HTTP Basic (send one or the other, not both).'),
  })
  .openapi('TokenRequest', {
    description: 'Form fields (`application/x-www-form-urlencoded`); fields a grant does not use are ignored.',
    example: { grant_type: INVITATION_CODE, tenant: 'yuncheng-court', code: 'K7QM-2XDP-9F3H-W2RM-8TJC-4N6V' },
  })

export const TokenResponse = z
  .object({
    access_token: z.string().openapi({
      description: 'A JWT valid 15 minutes: for the portal (audience `tuoguan:portal`), or for `client_credentials` the provider surface (`tuoguan:provider`).',
    }),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ example: 900 }),
    refresh_token: z
      .string()
      .optional()
      .openapi({ description: 'Employee grants. Works once: each refresh answers a new one. Reusing an old one ends the whole session.' }),
    issued_token_type: z.literal(ACCESS_TOKEN_TYPE).optional().openapi({ description: 'Token exchange only (RFC 8693).' }),
  })
  .openapi('TokenResponse', { example: { access_token: 'eyJhbGciOiJFUzI1NiIs...', token_type: 'Bearer', expires_in: 900, refresh_token: 'rt_3q2...' } })

export const OAuthErrorBody = z
  .object({
    error: z
      .enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'temporarily_unavailable'])
      .openapi({ example: 'invalid_grant' }),
    error_description: z.string().openapi({ example: 'The invitation code is not valid; 4 attempts left before it locks.' }),
  })
  .openapi('OAuthError', { description: 'An RFC 6749 §5.2 error: the one response of this API that is not problem+json.' })

export type TokenParams = z.infer<typeof TokenRequest>
