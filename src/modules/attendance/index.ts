import { createRouter } from '../../lib/router'
import * as ah from './attendance.admin.handlers'
import * as ar from './attendance.admin.routes'
import * as h from './attendance.handlers'
import { oneOrBatchHook } from './attendance.hook'
import * as r from './attendance.routes'
import { CheckIn, CheckInBatch, CheckOut, CheckOutBatch } from './attendance.schemas'

/** The door (provider surface): check-ins, check-outs, and the attendance export. */
export const attendanceProvider = createRouter()
  .openapi(r.createCheckIns, h.createCheckInsHandler, oneOrBatchHook(CheckIn, CheckInBatch))
  .openapi(r.createCheckOuts, h.createCheckOutsHandler, oneOrBatchHook(CheckOut, CheckOutBatch))
  .openapi(r.exportAttendance, h.exportAttendanceHandler)

/** HR's attendance (admin surface): a program's day with its summary, as JSON or CSV. */
export const attendanceAdmin = createRouter().openapi(ar.getProgramAttendance, ah.getProgramAttendanceHandler)

/** For the provider feed, whose attendance events name who checked a child in or out. */
export { RecordedPerson } from './attendance.schemas'
