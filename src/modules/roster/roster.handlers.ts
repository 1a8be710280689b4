import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { prefixes, uuidOf } from '../../lib/ids'
import { programInScope } from '../provider-access'
import type { getRoster } from './roster.routes'
import { readRoster } from './roster.service'

export const getRosterHandler: RouteHandler<typeof getRoster, AppEnv> = async (c) => {
  const { program_id, date, group_id } = c.req.valid('query')
  const { contract } = c.var
  const programId = programInScope(contract, program_id)
  const groupId = group_id === undefined ? undefined : uuidOf(prefixes.group, group_id, 'group of this program')
  const roster = await c.var.inTenant((scope) => readRoster(scope, contract, { programId, date, groupId, ids: { program_id, group_id } }))
  return c.json(roster, 200)
}
