import { createRouter } from '../../lib/router'

export const providers = createRouter()
