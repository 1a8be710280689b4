import { isUniqueViolation } from '../../db/errors'
import type { TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { newId, prefixes } from '../../lib/ids'
import { type ImportError, type ImportFormat, whereIs } from './employee-import.parse'
import * as repo from './employee-import.repo'
import { byPosition, type CheckedImport } from './employee-import.rules'
import { SAMPLE_SIZE } from './employee-import.schemas'

export type ImportOptions = { format: ImportFormat; mode: 'upsert' | 'sync'; dryRun: boolean }

const MESSAGES_IN_DETAIL = 3

const refused = (errors: ImportError[], total: number) => {
  const bad = new Set(errors.map((e) => e.row ?? 0)).size
  const first = errors
    .slice(0, MESSAGES_IN_DETAIL)
    .map((e) => e.message)
    .join('; ')
  const more = errors.length > MESSAGES_IN_DETAIL ? `; and ${errors.length - MESSAGES_IN_DETAIL} more in errors` : ''
  return new ApiError('invalid_request', `${bad} of ${total} rows are invalid; nothing was imported. ${first}${more}.`, errors)
}

const emptySync = () =>
  new ApiError('invalid_request', 'A sync with no rows would mark every employee as left; refused. Send the full roster, or use mode=upsert.', [
    { path: 'body', message: 'has no rows' },
  ])

const swapped = () =>
  new ApiError(
    'conflict',
    'Two employees would exchange e-mail addresses in one import (or another request took one meanwhile); clear one of the addresses first, then import again.',
    [{ path: 'email', message: 'already used by another employee' }],
  )

/**
 * Imports checked rows all-or-nothing: every bad row (its own fields, duplicates in the file,
 * e-mails other employees keep) is refused at once with 422 and nothing is written. A dry run
 * answers the same counts without writing; a real one records one audit entry.
 */
export const importEmployees = async (scope: TenantScope, checked: CheckedImport, options: ImportOptions) => {
  const { rows, total } = checked
  if (options.mode === 'sync' && total === 0) throw emptySync()
  if (!options.dryRun) await repo.lockImports(scope)

  const payload = repo.payloadOf(rows)
  const byIndex = new Map(rows.map((r) => [r.index, r]))
  const clashes = (await repo.emailClashes(scope, payload)).map(({ i, taken_by }) => {
    const row = byIndex.get(i)!
    return {
      path: `${i}.email`,
      message: `${whereIs(row)}: email: ${row.email} belongs to employee ${taken_by}`,
      field: 'email',
      row: i + 1,
      ...(row.line !== undefined ? { line: row.line } : {}),
    }
  })
  const errors = [...checked.errors, ...clashes].sort(byPosition)
  if (errors.length) throw refused(errors, total)

  const plan = await repo.classify(scope, payload, SAMPLE_SIZE, !options.dryRun)
  const planned = (kind: repo.ChangeKind) => plan.find((p) => p.kind === kind)
  let created = planned('created')?.count ?? 0
  let updated = planned('updated')?.count ?? 0
  if (!options.dryRun && created + updated > 0) {
    const written = await repo.upsertEmployees(scope, payload).catch((error) => {
      throw isUniqueViolation(error) ? swapped() : error
    })
    created = written.created
    updated = written.updated
  }
  const left = options.mode === 'sync' ? await repo.markMissingLeft(scope, payload, SAMPLE_SIZE, !options.dryRun) : { count: 0, sample: [] }

  const id = options.dryRun ? null : newId(prefixes.importRun).api
  const counts = { rows: total, created, updated, unchanged: total - created - updated, marked_left: left.count }
  if (id)
    await recordAudit(scope, {
      action: 'employee.imported',
      objectType: 'employee_import',
      objectId: id,
      details: { format: options.format, mode: options.mode, ...counts },
    })
  return {
    id,
    object: 'employee_import' as const,
    dry_run: options.dryRun,
    mode: options.mode,
    format: options.format,
    ...counts,
    samples: {
      created: (planned('created')?.sample ?? []).map((s) => s.employee_number),
      updated: planned('updated')?.sample ?? [],
      marked_left: left.sample,
    },
  }
}
