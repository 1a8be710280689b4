import type { RouteHandler } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv } from '../../env'
import { programInScope } from '../provider-access'
import { toAttendance, toBatchResult } from './attendance.present'
import type { createCheckIns, createCheckOuts, exportAttendance } from './attendance.routes'
import { applyItems, type CheckInInput, type CheckOutInput, checkIn, checkOut, type DoorScope, type ItemResult } from './attendance.service'
import { contractExport } from './attendance.sheets.service'

const atTheDoor = <T>(c: Context<AppEnv>, items: T[], apply: (ctx: DoorScope, item: T) => Promise<ItemResult>) => {
  const { contract } = c.var
  return c.var.inTenant((scope) => applyItems({ ...scope, contract, now: new Date() }, items, apply))
}

/** One item answers with its attendance or its problem (after the transaction committed what a refusal records); a batch with every outcome. */
const answer = (c: Context<AppEnv>, batch: boolean, results: ItemResult[]) => {
  if (batch) return c.json(toBatchResult(results), 200)
  const [result] = results
  if (!result) throw new Error('one item, no result')
  if (result.outcome === 'rejected') throw result.error
  return c.json(toAttendance(result.row), result.outcome === 'recorded' ? 201 : 200)
}

export const createCheckInsHandler: RouteHandler<typeof createCheckIns, AppEnv> = async (c) => {
  const body = c.req.valid('json')
  const batch = 'items' in body
  return answer(c, batch, await atTheDoor<CheckInInput>(c, batch ? body.items : [body], checkIn))
}

export const createCheckOutsHandler: RouteHandler<typeof createCheckOuts, AppEnv> = async (c) => {
  const body = c.req.valid('json')
  const batch = 'items' in body
  return answer(c, batch, await atTheDoor<CheckOutInput>(c, batch ? body.items : [body], checkOut))
}

export const exportAttendanceHandler: RouteHandler<typeof exportAttendance, AppEnv> = async (c) => {
  const { from, to, program_id } = c.req.valid('query')
  const { contract } = c.var
  const programId = program_id === undefined ? undefined : programInScope(contract, program_id)
  const csv = await c.var.inTenant((scope) => contractExport(scope, contract, { from, to, programId }))
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="attendance-${from}-${to}.csv"`,
  })
}
