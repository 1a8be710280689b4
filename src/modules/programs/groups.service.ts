import type { Selectable } from 'kysely'
import type { ProgramGroupsTable, ProgramsTable } from '../../db/tables/programs'
import type { TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError, type FieldError } from '../../lib/errors'
import { staleVersion } from '../../lib/etag'
import { newId, prefixes, toApiId } from '../../lib/ids'
import * as repo from './groups.repo'
import { groupStrandingChanges, guardEnrollments, type Resolution } from './programs.guards'
import { enrollmentHooks } from './programs.hooks'
import { programForChange } from './programs.service'

type GroupFields = { name: string; min_age: number; max_age: number; capacity: number; children_per_staff: number | null }

export const toGroup = (row: Selectable<ProgramGroupsTable>) => ({
  id: toApiId(prefixes.group, row.id),
  object: 'program_group' as const,
  program_id: toApiId(prefixes.program, row.program_id),
  name: row.name,
  min_age: row.min_age,
  max_age: row.max_age,
  capacity: row.capacity,
  children_per_staff: row.children_per_staff,
  staff_needed: row.children_per_staff === null ? null : Math.ceil(row.capacity / row.children_per_staff),
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

/** A group must sit inside its program: its band within the program's, its capacity within the program's. */
const fitProblems = (program: Selectable<ProgramsTable>, g: GroupFields): FieldError[] => {
  const problems: FieldError[] = []
  if (program.min_age === null || program.max_age === null)
    problems.push({ path: 'min_age', message: "the program has no age rule yet; set the program's age_rule before adding groups" })
  else {
    const band = `the program's ${program.min_age}–${program.max_age}`
    if (g.min_age < program.min_age) problems.push({ path: 'min_age', message: `min_age ${g.min_age} is below ${band}` })
    if (g.max_age > program.max_age) problems.push({ path: 'max_age', message: `max_age ${g.max_age} is above ${band}` })
  }
  if (program.capacity !== null && g.capacity > program.capacity)
    problems.push({ path: 'capacity', message: `capacity ${g.capacity} exceeds the program's capacity ${program.capacity}` })
  return problems
}

const check = async (scope: TenantScope, program: Selectable<ProgramsTable>, g: GroupFields, selfId?: string) => {
  const problems = fitProblems(program, g)
  if (problems.length) throw new ApiError('invalid_request', `The group does not fit its program: ${problems.map((p) => p.message).join('; ')}.`, problems)
  const same = await repo.findGroupByName(scope, program.id, g.name)
  if (same && same.id !== selfId)
    throw new ApiError('conflict', `The program already has a group named ${g.name}.`, [{ path: 'name', message: 'already taken in this program' }])
}

/** Undefined when the tenant has no such program. */
export const createGroup = async (scope: TenantScope, programId: string, input: Omit<GroupFields, 'children_per_staff'> & { children_per_staff?: number }) => {
  const program = await programForChange(scope, programId)
  if (!program) return undefined
  const fields = { ...input, children_per_staff: input.children_per_staff ?? null }
  await check(scope, program, fields)
  const id = newId(prefixes.group)
  const row = await repo.insertGroup(scope, { tenant_id: scope.tenantId, id: id.uuid, program_id: programId, ...fields })
  await recordAudit(scope, {
    action: 'program_group.created',
    objectType: 'program_group',
    objectId: id.api,
    details: { program_id: toApiId(prefixes.program, programId) },
  })
  return row
}

/** The program (locked) and the group in it; undefined when either is not in this tenant. */
const groupForChange = async (scope: TenantScope, programId: string, groupId: string, expectedVersion?: number) => {
  const program = await programForChange(scope, programId)
  const group = program && (await repo.findGroup(scope, programId, groupId))
  if (!program || !group) return undefined
  if (expectedVersion !== undefined && group.version !== expectedVersion) throw staleVersion()
  return { program, group }
}

export const updateGroup = async (
  scope: TenantScope,
  programId: string,
  groupId: string,
  changes: Partial<GroupFields>,
  options: { expectedVersion?: number; resolution?: Resolution },
) => {
  const found = await groupForChange(scope, programId, groupId, options.expectedVersion)
  if (!found) return undefined
  const { program, group } = found
  const next: GroupFields = { ...group, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) }
  await check(scope, program, next, groupId)
  if (program.status !== 'draft') await guardEnrollments(scope, { programId, groupId }, groupStrandingChanges(group, next), options.resolution)
  const row = await repo.updateGroup(scope, groupId, {
    name: next.name,
    min_age: next.min_age,
    max_age: next.max_age,
    capacity: next.capacity,
    children_per_staff: next.children_per_staff,
  })
  await recordAudit(scope, {
    action: 'program_group.updated',
    objectType: 'program_group',
    objectId: toApiId(prefixes.group, groupId),
    details: { program_id: toApiId(prefixes.program, programId), fields: Object.keys(changes) },
  })
  await enrollmentHooks().fillFreedSeats(scope, programId)
  return row
}

/** False when the tenant has no such group in that program. */
export const deleteGroup = async (scope: TenantScope, programId: string, groupId: string, options: { expectedVersion?: number; resolution?: Resolution }) => {
  const found = await groupForChange(scope, programId, groupId, options.expectedVersion)
  if (!found) return false
  if (found.program.status !== 'draft') await guardEnrollments(scope, { programId, groupId }, groupStrandingChanges(found.group, null), options.resolution)
  await repo.deleteGroup(scope, groupId)
  await recordAudit(scope, {
    action: 'program_group.deleted',
    objectType: 'program_group',
    objectId: toApiId(prefixes.group, groupId),
    details: { program_id: toApiId(prefixes.program, programId), name: found.group.name },
  })
  await enrollmentHooks().fillFreedSeats(scope, programId)
  return true
}
