import { z } from '@hono/zod-openapi'
import { integer, text } from '../../lib/fields'
import { GroupId } from '../../lib/id-schemas'
import { timestamp } from '../../lib/openapi'
import { ProgramId } from './programs.schemas'

export { GroupId }

const Age = integer({ min: 0, max: 18 }, 'ages run from 0 to 18')
const fields = {
  name: text({ max: 100 }).openapi({ example: '小班 (ages 3–4)' }),
  min_age: Age.openapi({ example: 3, description: 'Youngest age, inclusive, within the program’s band; measured as the program measures.' }),
  max_age: Age.openapi({ example: 4, description: 'Oldest age, inclusive, within the program’s band.' }),
  capacity: integer({ min: 1, max: 10000 }).openapi({ example: 20, description: 'At most the program’s capacity.' }),
  children_per_staff: integer({ min: 1, max: 50 }).openapi({ example: 8, description: 'Children per member of staff.' }),
}

const band = (g: { min_age?: number; max_age?: number }, ctx: z.RefinementCtx) => {
  if (g.min_age !== undefined && g.max_age !== undefined && g.min_age > g.max_age)
    ctx.addIssue({ code: 'custom', path: ['min_age'], message: `min_age ${g.min_age} must not exceed max_age ${g.max_age}` })
}

export const ProgramGroup = z
  .object({
    id: GroupId,
    object: z.literal('program_group'),
    program_id: ProgramId,
    name: fields.name,
    min_age: fields.min_age,
    max_age: fields.max_age,
    capacity: fields.capacity,
    children_per_staff: fields.children_per_staff.nullable(),
    staff_needed: z.number().int().nullable().openapi({ example: 3, description: 'Staff for a full group: capacity ÷ children_per_staff, rounded up.' }),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('ProgramGroup', { description: 'A class inside a program, with its own age band and capacity.' })

export const CreateProgramGroup = z
  .object({ ...fields, children_per_staff: fields.children_per_staff.optional() })
  .strict()
  .superRefine(band)
  .openapi('CreateProgramGroup', { example: { name: '小班 (ages 3–4)', min_age: 3, max_age: 4, capacity: 20, children_per_staff: 8 } })

export const UpdateProgramGroup = z
  .object({ ...fields, children_per_staff: fields.children_per_staff.nullable() })
  .partial()
  .strict()
  .superRefine(band)
  .openapi('UpdateProgramGroup', { description: 'Changes the fields given; `null` clears the ratio.', example: { capacity: 24 } })

export const DeletedProgramGroup = z
  .object({ id: GroupId, object: z.literal('program_group'), deleted: z.literal(true) })
  .openapi('DeletedProgramGroup', { example: { id: 'grp_01jd7k3m5n6p7q8r9s0t1v2w3x', object: 'program_group', deleted: true } })
