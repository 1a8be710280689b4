import { createRouter } from '../lib/router'

/** The employees' surface, under /v1/portal. */
export const portal = createRouter()
