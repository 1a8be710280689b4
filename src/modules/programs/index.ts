import { createRouter } from '../../lib/router'

export const programs = createRouter()
