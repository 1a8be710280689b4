import { z } from '@hono/zod-openapi'
import { isoDate, text } from '../../lib/fields'
import { ChildId } from '../../lib/id-schemas'
import { idPattern, prefixes } from '../../lib/ids'
import { timestamp } from '../../lib/openapi'

export { ChildId }

export const ConsentId = z.string().regex(idPattern(prefixes.consent)).openapi({ example: 'cns_01jd7k3m5n6p7q8r9s0t1v2w3x' })

const Text = (max: number) => text({ max })
const Phone = z
  .string()
  .regex(/^\+?[0-9][0-9 ()-]{4,30}$/, 'must be a phone number such as +86 138 0000 0000')
  .openapi({ example: '+86 138 0000 0000' })

export const EmergencyContact = z
  .object({ name: Text(100).openapi({ example: '李娜' }), relation: Text(50).openapi({ example: 'grandmother' }), phone: Phone })
  .strict()
  .openapi('EmergencyContact')

export const AuthorizedPickup = z
  .object({
    name: Text(100).openapi({ example: '王芳' }),
    relation: Text(50).openapi({ example: 'aunt' }),
    phone: Phone,
    valid_from: isoDate().optional().openapi({ example: '2027-07-12', description: 'First day this person may pick up; absent: from now.' }),
    valid_until: isoDate()
      .optional()
      .openapi({ example: '2027-07-12', description: 'Last day; absent: until removed. Both set to one day: a one-off pickup.' }),
  })
  .strict()
  .refine((p) => !p.valid_from || !p.valid_until || p.valid_until >= p.valid_from, {
    message: 'valid_until must not be before valid_from',
    path: ['valid_until'],
  })
  .openapi('AuthorizedPickup')

const uniquePhones = (pickups: { phone: string }[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>()
  pickups.forEach((p, i) => {
    const digits = p.phone.replace(/[^0-9+]/g, '')
    if (seen.has(digits)) ctx.addIssue({ code: 'custom', path: [i, 'phone'], message: 'each authorized pickup needs a phone number of their own' })
    seen.add(digits)
  })
}

export const Sex = z.enum(['female', 'male', 'other'])

const fields = {
  name: Text(100).openapi({ example: '张小明' }),
  date_of_birth: isoDate().openapi({ example: '2021-09-14', description: 'Not in the future; the child is under 18.' }),
  sex: Sex.nullable(),
  allergies: z
    .array(Text(100))
    .max(30)
    .openapi({ example: ['peanuts'] }),
  medical_notes: text({ max: 2000, min: 0, multiline: true }).nullable().openapi({ example: 'Mild asthma; inhaler in the backpack.' }),
  dietary_needs: z
    .array(Text(100))
    .max(20)
    .openapi({ example: ['no pork'] }),
  emergency_contacts: z.array(EmergencyContact).max(10),
  authorized_pickups: z.array(AuthorizedPickup).max(20).superRefine(uniquePhones),
}

export const ConsentInput = z
  .object({
    purpose: text({ max: 64, min: 0, trim: false }).openapi({ example: 'childcare_services', description: 'Must be `childcare_services`.' }),
    policy_version: text({ max: 64 }).openapi({ example: '2027-01', description: "The version of the tenant's privacy notice the guardian accepted." }),
  })
  .strict()
  .openapi('ConsentInput')

export const CreateChild = z
  .object({
    ...fields,
    sex: fields.sex.optional(),
    allergies: fields.allergies.default([]),
    medical_notes: fields.medical_notes.optional(),
    dietary_needs: fields.dietary_needs.default([]),
    emergency_contacts: fields.emergency_contacts.default([]),
    authorized_pickups: fields.authorized_pickups.default([]),
    consent: ConsentInput.optional().openapi({
      description: "The guardian's consent to store and use the child's data. Required: without it, `422 consent_required` and nothing is stored.",
    }),
  })
  .strict()
  .openapi('CreateChild', {
    example: {
      name: '张小明',
      date_of_birth: '2021-09-14',
      sex: 'male',
      allergies: ['peanuts'],
      medical_notes: 'Mild asthma; inhaler in the backpack.',
      dietary_needs: ['no pork'],
      emergency_contacts: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
      authorized_pickups: [
        { name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' },
        { name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002', valid_from: '2027-07-12', valid_until: '2027-07-12' },
      ],
      consent: { purpose: 'childcare_services', policy_version: '2027-01' },
    },
  })

export const UpdateChild = z
  .object(fields)
  .partial()
  .strict()
  .openapi('UpdateChild', {
    description: 'Only the fields sent change; lists are replaced as a whole.',
    example: { allergies: ['peanuts', 'shellfish'] },
  })

export const Child = z
  .object({
    id: ChildId,
    object: z.literal('child'),
    ...fields,
    authorized_pickups: z.array(AuthorizedPickup),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Child')

export const Consent = z
  .object({
    id: ConsentId,
    object: z.literal('consent'),
    child_id: ChildId.openapi({ description: 'Kept after the child is deleted (the ledger outlives the data it covered).' }),
    purpose: z.string().openapi({ example: 'childcare_services' }),
    policy_version: z.string().openapi({ example: '2027-01' }),
    given_at: timestamp(),
    withdrawn_at: timestamp().nullable(),
    withdrawal_reason: z.enum(['child_deleted']).nullable().openapi({ description: '`child_deleted`: the guardian deleted the child and their data.' }),
  })
  .openapi('Consent')

export const ChildrenExport = z
  .object({
    object: z.literal('children_export'),
    employee_id: z.string().openapi({ example: 'emp_01jd7k3m5n6p7q8r9s0t1v2w3x' }),
    exported_at: timestamp(),
    children: z.array(Child),
    consents: z.array(Consent),
  })
  .openapi('ChildrenExport')
