import { z } from '@hono/zod-openapi'
import { isoDate, text } from '../../lib/fields'
import { ContractId, ProgramId } from '../../lib/id-schemas'
import { timestamp } from '../../lib/openapi'
import { repeats } from './contracts.rules'
import { ProviderId } from './providers.schemas'

export { ContractId }

const CalendarDate = (example: string) => isoDate('must be a calendar date YYYY-MM-DD').openapi({ example })

export const ContractStatus = z.enum(['scheduled', 'active', 'expired', 'revoked']).openapi('ContractStatus', {
  description:
    "On the tenant's calendar: `scheduled` before `starts_on`, `active` from `starts_on` to `ends_on` inclusive, `expired` after `ends_on`; `revoked` is final.",
  example: 'active',
})

const ProgramIds = z
  .array(ProgramId)
  .min(1, 'a contract covers at least one program')
  .max(100)
  .superRefine((ids, ctx) => {
    // A repeat is most likely a copy-paste mistake: refused rather than merged.
    for (const { index, first } of repeats(ids)) ctx.addIssue({ code: 'custom', path: [index], message: `${ids[index]} is already named at position ${first}` })
  })
  .openapi({ description: 'The programs the provider runs under this contract; each named once.', example: ['prg_01jd7k3m5n6p7q8r9s0t1v2w3x'] })

const Notes = text({ max: 2000, min: 0, multiline: true, trim: false }).nullable()

export const Contract = z
  .object({
    id: ContractId,
    object: z.literal('contract'),
    provider_id: ProviderId,
    program_ids: z.array(ProgramId),
    starts_on: CalendarDate('2027-07-05'),
    ends_on: CalendarDate('2027-08-13'),
    notes: Notes.openapi({ example: 'Two carers per group; lunch from the canteen.' }),
    status: ContractStatus,
    revoked_at: timestamp().nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Contract')

export const CreateContract = z
  .object({
    provider_id: ProviderId,
    program_ids: ProgramIds,
    starts_on: CalendarDate('2027-07-05'),
    ends_on: CalendarDate('2027-08-13').openapi({ description: 'The last day the contract is valid; on or after `starts_on`.' }),
    notes: Notes.optional(),
  })
  .strict()
  .openapi('CreateContract', {
    example: {
      provider_id: 'prv_01jd7k3m5n6p7q8r9s0t1v2w3x',
      program_ids: ['prg_01jd7k3m5n6p7q8r9s0t1v2w3x'],
      starts_on: '2027-07-05',
      ends_on: '2027-08-13',
      notes: 'Two carers per group; lunch from the canteen.',
    },
  })

export const UpdateContract = z
  .object({
    program_ids: ProgramIds.optional().openapi({ description: 'Replaces the covered programs as a whole.' }),
    starts_on: CalendarDate('2027-07-05').optional(),
    ends_on: CalendarDate('2027-08-20').optional(),
    notes: Notes.optional().openapi({ description: '`null` clears the notes.' }),
  })
  .strict()
  .openapi('UpdateContract', { example: { ends_on: '2027-08-20', notes: 'Extended by one week.' } })

export const ContractListQuery = z.object({
  provider_id: ProviderId.optional().openapi({ description: 'Only contracts with this provider.' }),
  program_id: ProgramId.optional().openapi({ description: 'Only contracts covering this program.' }),
  status: ContractStatus.optional().openapi({ description: 'Only contracts in this state today.' }),
})
