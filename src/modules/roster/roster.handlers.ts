import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { actorOf } from '../../lib/audit'
import { prefixes, uuidOf } from '../../lib/ids'
import { contractScope, programInScope } from '../provider-access'
import type { getRoster } from './roster.routes'
import { readRoster } from './roster.service'

export const getRosterHandler: RouteHandler<typeof getRoster, AppEnv> = async (c) => {
  const { program_id, date, group_id } = c.req.valid('query')
  const scope = contractScope(c)
  const programId = programInScope(scope, program_id)
  const groupId = group_id === undefined ? undefined : uuidOf(prefixes.group, group_id, 'group of this program')
  const roster = await c.var.inTenant((tx) =>
    readRoster(tx, scope, actorOf(c.var.principal, c.var.requestId), { programId, date, groupId, ids: { program_id, group_id } }),
  )
  return c.json(roster, 200)
}
