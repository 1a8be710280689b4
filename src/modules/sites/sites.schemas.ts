import { z } from '@hono/zod-openapi'
import { text } from '../../lib/fields'
import { SiteId } from '../../lib/id-schemas'
import { timestamp } from '../../lib/openapi'

export { SiteId }

const Phone = z
  .string()
  .regex(/^\+?[0-9][0-9 ()-]{4,30}$/, 'must be a phone number of digits, spaces, parentheses and hyphens, optionally starting with +')
  .openapi({ example: '0359-2288000' })

const fields = {
  name: text({ max: 200 }).openapi({ example: '市中院干警子女暑期托管室' }),
  address: text({ max: 500, multiline: true }).openapi({ example: '山西省运城市中级人民法院 综合楼一层' }),
  capacity_note: text({ max: 500, min: 0, multiline: true }).openapi({ example: 'Two classrooms and a nap room; 60 children at most.' }),
  contact_phone: Phone,
}

export const Site = z
  .object({
    id: SiteId,
    object: z.literal('site'),
    name: fields.name,
    address: fields.address,
    capacity_note: z.string().nullable().openapi({ example: 'Two classrooms and a nap room; 60 children at most.' }),
    contact_phone: z.string().nullable().openapi({ example: '0359-2288000' }),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Site', { description: 'A place where care happens.' })

export const CreateSite = z
  .object({
    name: fields.name,
    address: fields.address,
    capacity_note: fields.capacity_note.optional(),
    contact_phone: fields.contact_phone.optional(),
  })
  .strict()
  .openapi('CreateSite', {
    example: {
      name: '市中院干警子女暑期托管室',
      address: '山西省运城市中级人民法院 综合楼一层',
      capacity_note: 'Two classrooms and a nap room; 60 children at most.',
      contact_phone: '0359-2288000',
    },
  })

export const UpdateSite = z
  .object({
    name: fields.name.optional(),
    address: fields.address.optional(),
    capacity_note: fields.capacity_note.nullable().optional().openapi({ description: '`null` clears it.' }),
    contact_phone: fields.contact_phone.nullable().optional().openapi({ description: '`null` clears it.' }),
  })
  .strict()
  .openapi('UpdateSite', { example: { contact_phone: '0359-2288001', capacity_note: null } })

export const DeletedSite = z
  .object({ id: SiteId, object: z.literal('site'), deleted: z.literal(true) })
  .openapi('DeletedSite', { example: { id: 'sit_01jd7k3m5n6p7q8r9s0t1v2w3x', object: 'site', deleted: true } })
