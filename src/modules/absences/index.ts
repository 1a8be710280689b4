import { createRouter } from '../../lib/router'
import * as h from './absences.handlers'
import * as r from './absences.routes'

/** Absences reported by the signed-in employee (portal surface). */
export const absencesPortal = createRouter()
  .openapi(r.reportAbsences, h.reportAbsencesHandler)
  .openapi(r.listAbsences, h.listAbsencesHandler)
  .openapi(r.withdrawAbsence, h.withdrawAbsenceHandler)
