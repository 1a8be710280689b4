import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { actorOf } from '../../lib/audit'
import { contractScope } from '../provider-access'
import type { getFeed } from './provider-feed.routes'
import { readContractFeed } from './provider-feed.service'

export const getFeedHandler: RouteHandler<typeof getFeed, AppEnv> = async (c) => {
  const query = c.req.valid('query')
  const scope = contractScope(c)
  const page = await c.var.inTenant((tx) => readContractFeed(tx, scope, actorOf(c.var.principal, c.var.requestId), query))
  return c.json(page, 200)
}
