import { createRouter } from '../../lib/router'

/** Admin-surface routes of employee sign-in: SSO settings and invitation codes. */
export const identityAdmin = createRouter()
