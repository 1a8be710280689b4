import { createRouter } from '../../lib/router'

/** POST /v1/oauth/token: no surface auth; each grant checks its own credential. */
export const oauth = createRouter()
