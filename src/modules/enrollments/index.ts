import { createRouter } from '../../lib/router'
import { absencesPortal } from '../absences'
import { registerHeldSeatHooks } from '../billing'
import { calendarPortal, calendarPublic } from '../calendar'
import { registerEnrollmentHooks } from '../programs'
import * as ah from './enrollments.admin.handlers'
import * as ar from './enrollments.admin.routes'
import * as ph from './enrollments.portal.handlers'
import * as pr from './enrollments.portal.routes'
import { confirmAwaitingPayment, fillFreedSeats, releaseAwaitingPayment } from './enrollments.service'
import { resolveStranded, strandedEnrollments } from './enrollments.stranding'

/**
 * The portal's share of enrolling: the eligibility preview, enrollments, absences, the private
 * calendar URL, and the calendar itself (public: its path is in the portal's `isPublic`).
 */
export const enrollmentsPortal = createRouter()
  .openapi(pr.listPortalPrograms, ph.listPortalProgramsHandler)
  .openapi(pr.getPortalProgram, ph.getPortalProgramHandler)
  .openapi(pr.createEnrollment, ph.createEnrollmentHandler)
  .openapi(pr.listMyEnrollments, ph.listMyEnrollmentsHandler)
  .openapi(pr.getMyEnrollment, ph.getMyEnrollmentHandler)
  .openapi(pr.withdrawEnrollment, ph.withdrawEnrollmentHandler)
  .route('/', absencesPortal)
  .route('/', calendarPortal)
  .route('/', calendarPublic)

/** HR's share: enrollments by program and status, the waitlist in order, cancelling with a reason. */
export const enrollmentsAdmin = createRouter()
  .openapi(ar.listProgramEnrollments, ah.listProgramEnrollmentsHandler)
  .openapi(ar.listProgramWaitlist, ah.listProgramWaitlistHandler)
  .openapi(ar.getEnrollment, ah.getEnrollmentHandler)
  .openapi(ar.cancelEnrollment, ah.cancelEnrollmentHandler)

/** For the children module: a child's enrollments are withdrawn before its record is erased. */
export { withdrawChildEnrollments } from './enrollments.service'

// A change of a program or of its groups strands enrollments or frees seats: the program services call these.
registerEnrollmentHooks({
  countStranded: async (scope, target, change) => (await strandedEnrollments(scope, target, change)).length,
  resolveStranded: async (scope, target, change, resolution, reason) =>
    resolveStranded(scope, target, await strandedEnrollments(scope, target, change), resolution, { kind: change.kind, reason }),
  fillFreedSeats,
})

// Stripe's events and the hold sweep end a seat held for a co-payment: billing calls these.
registerHeldSeatHooks({ confirmAwaitingPayment, releaseAwaitingPayment })
