import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError, type FieldError } from '../../lib/errors'
import { staleVersion } from '../../lib/etag'
import { newId, parseApiId, prefixes, toApiId } from '../../lib/ids'
import { localDateOf } from '../../lib/time'
import { siteExists } from '../sites'
import { listGroupBands } from './groups.repo'
import { copaymentProblems, groupConflicts, incompleteness, programProblems, publishProblems } from './programs.checks'
import { guardEnrollments, programStrandingChanges, type Resolution } from './programs.guards'
import { enrollmentHooks } from './programs.hooks'
import * as repo from './programs.repo'
import { isEditable, LIFECYCLE, type LifecycleAction, type ProgramStatus } from './programs.rules'
import { applyInput, columnsOf, emptyProgram, type ProgramInput, stateOf } from './programs.state'

export type ProgramRequest = Omit<ProgramInput, 'site_id'> & { site_id?: string | null; time_zone?: string }

const broken = (problems: FieldError[], what = 'The program breaks') =>
  new ApiError(
    'invalid_request',
    `${what} ${problems.length === 1 ? 'a rule' : `${problems.length} rules`}: ${problems.map((p) => p.message).join('; ')}.`,
    problems,
  )

/** Resolves the request's references (site, time zone) in this tenant; problems are collected, not thrown. */
const resolve = async (scope: TenantScope, request: ProgramRequest, timeZone: string, problems: FieldError[]): Promise<ProgramInput> => {
  const { site_id, time_zone, ...rest } = request
  if (time_zone !== undefined && time_zone !== timeZone)
    problems.push({
      path: 'time_zone',
      message: `time_zone ${time_zone} does not match the tenant's time zone ${timeZone}, in which program dates and hours are read`,
    })
  if (site_id === undefined || site_id === null) return { ...rest, site_id }
  const uuid = parseApiId(prefixes.site, site_id)
  if (uuid && (await siteExists(scope, uuid))) return { ...rest, site_id: uuid }
  problems.push({ path: 'site_id', message: `no site ${site_id} in this tenant` })
  return rest
}

export const createProgram = async (scope: TenantScope, request: ProgramRequest & { name: string }) => {
  const timeZone = await scope.timeZone()
  const problems: FieldError[] = []
  const input = await resolve(scope, request, timeZone, problems)
  const state = applyInput(emptyProgram(request.name), input)
  problems.push(...programProblems(state, timeZone))
  if (problems.length) throw broken(problems)
  const id = newId(prefixes.program)
  const row = await repo.insertProgram(scope, { tenant_id: scope.tenantId, id: id.uuid, ...columnsOf(state) })
  await recordAudit(scope, { action: 'program.created', objectType: 'program', objectId: id.api })
  return { row, timeZone }
}

const notEditable = (id: string, status: ProgramStatus) =>
  new ApiError('invalid_state', `Program ${toApiId(prefixes.program, id)} is ${status}; only draft and published programs can change.`)

/** Locks and returns the program for a change; undefined when the tenant has none; 412/409 when it may not change. */
export const programForChange = async (scope: TenantScope, id: string, expectedVersion?: number) => {
  const row = await repo.findProgram(scope, id, { lock: true })
  if (!row) return undefined
  if (expectedVersion !== undefined && row.version !== expectedVersion) throw staleVersion()
  if (!isEditable(row.status)) throw notEditable(id, row.status)
  return row
}

export const updateProgram = async (
  scope: TenantScope,
  id: string,
  request: ProgramRequest,
  options: { expectedVersion?: number; resolution?: Resolution; copaymentsConfigured: boolean },
) => {
  const row = await programForChange(scope, id, options.expectedVersion)
  if (!row) return undefined
  const timeZone = await scope.timeZone()
  const problems: FieldError[] = []
  const before = stateOf(row)
  const after = applyInput(before, await resolve(scope, request, timeZone, problems))
  problems.push(...programProblems(after, timeZone))
  if (row.status !== 'draft') problems.push(...incompleteness(after).map((p) => ({ ...p, message: `${p.message} (the program is ${row.status})` })))
  if (row.status !== 'draft') problems.push(...copaymentProblems(after, options.copaymentsConfigured))
  if (problems.length) throw broken(problems, 'The change breaks')

  const conflicts = groupConflicts(after, await listGroupBands(scope, id))
  if (conflicts.length)
    throw new ApiError(
      'conflict',
      `The program's groups must fit inside it: ${conflicts.map((c) => c.message).join('; ')}. Change the groups first.`,
      conflicts,
    )
  if (row.status !== 'draft') await guardEnrollments(scope, { programId: id }, programStrandingChanges(before, after), options.resolution)

  const updated = await repo.updateProgram(scope, id, columnsOf(after))
  await recordAudit(scope, {
    action: 'program.updated',
    objectType: 'program',
    objectId: toApiId(prefixes.program, id),
    details: { fields: Object.keys(request), ...(options.resolution ? { affected_enrollments: options.resolution } : {}) },
  })
  await enrollmentHooks().fillFreedSeats(scope, id)
  return { row: updated, timeZone }
}

const publishable = async (scope: TenantScope, id: string, state: ReturnType<typeof stateOf>, timeZone: string, copaymentsConfigured: boolean) => {
  const problems = [
    ...programProblems(state, timeZone),
    ...copaymentProblems(state, copaymentsConfigured),
    ...publishProblems(state, { today: localDateOf(new Date(), timeZone), providerAssigned: await repo.providerAssigned(scope, id) }),
  ]
  if (problems.length)
    throw new ApiError(
      'program_incomplete',
      `Program ${toApiId(prefixes.program, id)} cannot be published yet: ${problems.map((p) => p.message).join('; ')}.`,
      problems,
    )
}

/** Moves the program along its lifecycle; undefined when the tenant has no such program. */
export const transition = async (scope: TenantScope, id: string, action: LifecycleAction, options: { copaymentsConfigured: boolean }) => {
  const row = await repo.findProgram(scope, id, { lock: true })
  if (!row) return undefined
  const step = LIFECYCLE[action]
  const from: readonly ProgramStatus[] = step.from
  if (!from.includes(row.status))
    throw new ApiError(
      'invalid_state',
      `Program ${toApiId(prefixes.program, id)} is ${row.status}; ${action} applies to ${from.join(' or ')} programs (draft → published → closed → archived).`,
    )
  const timeZone = await scope.timeZone()
  if (action === 'publish') await publishable(scope, id, stateOf(row), timeZone, options.copaymentsConfigured)
  const updated = await repo.updateProgram(scope, id, { status: step.to, [step.stamp]: new Date() })
  await recordAudit(scope, {
    action: `program.${step.to}`,
    objectType: 'program',
    objectId: toApiId(prefixes.program, id),
    details: { from: row.status },
  })
  return { row: updated, timeZone }
}

export const readProgram = async (scope: TenantData, id: string) => {
  const row = await repo.findProgram(scope, id)
  return row && { row, timeZone: await scope.timeZone() }
}
