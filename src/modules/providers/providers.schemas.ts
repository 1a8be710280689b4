import { z } from '@hono/zod-openapi'
import { text } from '../../lib/fields'
import { idPattern, prefixes } from '../../lib/ids'
import { timestamp } from '../../lib/openapi'

export const ProviderId = z
  .string()
  .regex(idPattern(prefixes.provider), 'must be a provider id (prv_...)')
  .openapi({ example: 'prv_01jd7k3m5n6p7q8r9s0t1v2w3x' })

export const ProviderKind = z.enum(['agency', 'in_house_staff', 'volunteers']).openapi('ProviderKind', {
  description:
    '`agency`: an outside childcare organisation under contract; `in_house_staff`: carers the employer hires itself; `volunteers`: volunteer carers the employer recruits.',
  example: 'agency',
})

export const ProviderContact = z
  .object({
    name: text({ max: 100 }).optional().openapi({ example: '王老师' }),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 ()-]{4,30}$/, 'must be a phone number of digits, spaces, hyphens and parentheses, optionally starting with +')
      .optional()
      .openapi({ example: '+86 359 202 0123' }),
    email: z.email('must be an email address').max(254).optional().openapi({ example: 'care@sunshine-childcare.example.cn' }),
  })
  .strict()
  .openapi('ProviderContact', { description: 'Who to call about the care. Every field is optional.' })

const ProviderName = text({ max: 200 })

export const Provider = z
  .object({
    id: ProviderId,
    object: z.literal('provider'),
    name: z.string().openapi({ example: '阳光托育服务中心' }),
    kind: ProviderKind,
    contact: ProviderContact,
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Provider')

export const CreateProvider = z
  .object({
    name: ProviderName.openapi({ example: '阳光托育服务中心' }),
    kind: ProviderKind,
    contact: ProviderContact.default({}),
  })
  .strict()
  .openapi('CreateProvider', {
    example: { name: '阳光托育服务中心', kind: 'agency', contact: { name: '王老师', phone: '+86 359 202 0123', email: 'care@sunshine-childcare.example.cn' } },
  })

export const UpdateProvider = z
  .object({
    name: ProviderName.optional(),
    kind: ProviderKind.optional(),
    contact: ProviderContact.optional().openapi({ description: 'Replaces the contact as a whole.' }),
  })
  .strict()
  .openapi('UpdateProvider', { example: { contact: { name: '李老师', phone: '+86 359 202 0456' } } })

export const DeletedProvider = z
  .object({ id: ProviderId, object: z.literal('provider'), deleted: z.literal(true) })
  .openapi('DeletedProvider', { example: { id: 'prv_01jd7k3m5n6p7q8r9s0t1v2w3x', object: 'provider', deleted: true } })

export const ProviderListQuery = z.object({
  kind: ProviderKind.optional().openapi({ description: 'Only providers of this kind.' }),
})
