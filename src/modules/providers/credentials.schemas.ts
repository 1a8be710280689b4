import { z } from '@hono/zod-openapi'
import { text } from '../../lib/fields'
import { idPattern } from '../../lib/ids'
import { timestamp } from '../../lib/openapi'
import { ContractId } from './contracts.schemas'
import { CLIENT_ID_PREFIX, MAX_GRACE_PERIOD_SECONDS } from './credentials.service'

export const ClientId = z
  .string()
  .regex(idPattern(CLIENT_ID_PREFIX), 'must be a client id (cli_...)')
  .openapi({ example: 'cli_01jd7k3m5n6p7q8r9s0t1v2w3x', description: 'The OAuth `client_id`; it is also the credential’s id.' })

export const ContractCredential = z
  .object({
    id: ClientId,
    object: z.literal('contract_credential'),
    client_id: ClientId,
    contract_id: ContractId,
    name: z.string().nullable().openapi({ example: 'Roster sync at the front desk' }),
    secret_prefix: z.string().openapi({ example: 'cs_Q2x9vLm0', description: 'The first characters of the current secret, to recognise it.' }),
    created_at: timestamp(),
    rotated_at: timestamp().nullable().openapi({ description: 'When the secret was last replaced.' }),
    previous_secret_expires_at: timestamp().nullable().openapi({ description: 'After a rotation with a grace period, the previous secret works until then.' }),
    last_used_at: timestamp().nullable().openapi({ description: 'Updated at most once a minute.' }),
    revoked_at: timestamp().nullable(),
  })
  .openapi('ContractCredential')

export const ContractCredentialWithSecret = ContractCredential.extend({
  client_secret: z.string().openapi({
    example: 'cs_Q2x9vLm0R7tWk3Zp8yNcB4dFh6JsA1eUoXiGqVr5Ml0',
    description: 'Shown only in this response; we keep a hash. Use it with `client_id` at `POST /v1/oauth/token` (`grant_type=client_credentials`).',
  }),
}).openapi('ContractCredentialWithSecret')

export const CreateContractCredential = z
  .object({
    name: text({ max: 100 }).nullable().optional().openapi({ description: 'A label to tell credentials apart.' }),
  })
  .strict()
  .openapi('CreateContractCredential', { example: { name: 'Roster sync at the front desk' } })

export const RotateContractCredential = z
  .object({
    grace_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_PERIOD_SECONDS)
      .default(0)
      .openapi({ description: 'How long the previous secret keeps working, up to 7 days; 0 (the default) stops it at once.', example: 3600 }),
  })
  .strict()
  .openapi('RotateContractCredential', { example: { grace_period_seconds: 3600 } })
