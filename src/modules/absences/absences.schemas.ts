import { z } from '@hono/zod-openapi'
import { isoDate, text } from '../../lib/fields'
import { ChildId, EnrollmentId, ProgramId } from '../../lib/id-schemas'
import { idPattern, prefixes } from '../../lib/ids'
import { timestamp } from '../../lib/openapi'

export const AbsenceId = z.string().regex(idPattern(prefixes.absence), 'must be an absence id (abs_...)').openapi({ example: 'abs_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const MAX_DATES = 60

export const Absence = z
  .object({
    id: AbsenceId,
    object: z.literal('absence'),
    child_id: ChildId,
    enrollment_id: EnrollmentId,
    program_id: ProgramId,
    date: isoDate().openapi({ example: '2027-07-12' }),
    reason: z.string().openapi({ example: 'Fever; staying home with grandmother.' }),
    reported_at: timestamp(),
    withdrawn_at: timestamp().nullable().openapi({ example: null }),
  })
  .openapi('Absence')

export const ReportAbsences = z
  .object({
    child_id: ChildId,
    dates: z
      .array(isoDate())
      .min(1)
      .max(MAX_DATES)
      .superRefine((dates, ctx) => {
        dates.forEach((d, i) => {
          if (dates.indexOf(d) < i) ctx.addIssue({ code: 'custom', path: [i], message: `${d} is listed twice` })
        })
      })
      .openapi({ example: ['2027-07-12', '2027-07-13'], description: `Service days, today or later (tenant time zone), at most ${MAX_DATES}, each once.` }),
    reason: text({ max: 500, multiline: true }).openapi({
      example: 'Family trip.',
      description: "Shown to the program's care provider in its feed: write what they need to know, not medical details they do not.",
    }),
  })
  .strict()
  .openapi('ReportAbsences')

export const AbsenceBatch = z
  .object({ object: z.literal('absence_batch'), data: z.array(Absence) })
  .openapi('AbsenceBatch', { description: 'The absences recorded: one per date and enrollment whose program serves the child that day.' })

export const AbsenceQuery = z.object({
  child_id: ChildId.optional().openapi({ description: 'Only this child’s absences.' }),
  program_id: ProgramId.optional().openapi({ description: 'Only absences from this program.' }),
})
