import { createRouter } from '../../lib/router'
import { getFeedHandler } from './provider-feed.handlers'
import { getFeed } from './provider-feed.routes'

/** The provider's feed of changes (provider surface). */
export const providerFeed = createRouter().openapi(getFeed, getFeedHandler)
