import { createRouter } from '../../lib/router'
import { listAuditEventsHandler } from './audit.handlers'
import { listAuditEvents } from './audit.routes'

export const audit = createRouter().openapi(listAuditEvents, listAuditEventsHandler)
