import { createRouter } from '../../lib/router'

export const sites = createRouter()
