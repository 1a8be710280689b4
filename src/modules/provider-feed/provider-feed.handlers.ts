import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import type { getFeed } from './provider-feed.routes'
import { readContractFeed } from './provider-feed.service'

export const getFeedHandler: RouteHandler<typeof getFeed, AppEnv> = async (c) => {
  const query = c.req.valid('query')
  const { contract } = c.var
  const page = await c.var.inTenant((scope) => readContractFeed(scope, contract, query))
  return c.json(page, 200)
}
