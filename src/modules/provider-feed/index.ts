import { createRouter } from '../../lib/router'
import { getFeedHandler } from './provider-feed.handlers'
import { getFeed } from './provider-feed.routes'

/** The provider's feed of changes (provider surface). */
export const providerFeed = createRouter().openapi(getFeed, getFeedHandler)

/** For the children module: the events a change to a child sends to its providers. */
export { type ChildCareFacts, childChangeEvents } from './child.events'
