import { createRouter } from '../../lib/router'

export const employees = createRouter()
