import type { TestTenant } from '../helpers/harness'
import { signedInEmployee } from '../helpers/portal'
import { securitySuite } from '../helpers/security'
import { dayFromToday, enroll, newChild, publishedProgram, runningProgram } from './fixtures'

/** A published program of the tenant with one enrollment in it. */
const withEnrollment = async (t: TestTenant) => {
  const program = await publishedProgram(t)
  const me = await signedInEmployee(t)
  const child = await newChild(me, program.starts_on)
  const enrollment = await enroll(me, program.id, child.id)
  return { program, child, enrollmentId: enrollment.body.id as string }
}

const withAbsence = async (t: TestTenant) => {
  const program = await runningProgram(t)
  const me = await signedInEmployee(t)
  const child = await newChild(me, program.starts_on)
  await enroll(me, program.id, child.id)
  const absence = await me.post('/v1/portal/absences', { child_id: child.id, dates: [dayFromToday(1)], reason: 'Dentist' })
  return absence.body.data[0].id as string
}

const portal = 'portal' as const
const admin = 'admin' as const

securitySuite('GET /v1/portal/programs', { surface: portal, method: 'GET', setup: async () => ({ path: '/v1/portal/programs' }) })
securitySuite('GET /v1/portal/programs/{program_id}', {
  surface: portal,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/portal/programs/${(await publishedProgram(t)).id}` }),
})
securitySuite('POST /v1/portal/enrollments', {
  surface: portal,
  method: 'POST',
  setup: async (t) => {
    const program = await publishedProgram(t)
    const child = await newChild(await signedInEmployee(t), program.starts_on)
    return { path: '/v1/portal/enrollments', body: { program_id: program.id, child_id: child.id } }
  },
})
securitySuite('GET /v1/portal/enrollments', { surface: portal, method: 'GET', setup: async () => ({ path: '/v1/portal/enrollments' }) })
securitySuite('GET /v1/portal/enrollments/{enrollment_id}', {
  surface: portal,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/portal/enrollments/${(await withEnrollment(t)).enrollmentId}` }),
})
securitySuite('DELETE /v1/portal/enrollments/{enrollment_id}', {
  surface: portal,
  method: 'DELETE',
  setup: async (t) => ({ path: `/v1/portal/enrollments/${(await withEnrollment(t)).enrollmentId}` }),
})
securitySuite('POST /v1/portal/absences', {
  surface: portal,
  method: 'POST',
  setup: async (t) => {
    const child = await newChild(await signedInEmployee(t), dayFromToday(0))
    return { path: '/v1/portal/absences', body: { child_id: child.id, dates: [dayFromToday(1)], reason: 'Dentist' } }
  },
})
securitySuite('GET /v1/portal/absences', { surface: portal, method: 'GET', setup: async () => ({ path: '/v1/portal/absences' }) })
securitySuite('DELETE /v1/portal/absences/{absence_id}', {
  surface: portal,
  method: 'DELETE',
  setup: async (t) => ({ path: `/v1/portal/absences/${await withAbsence(t)}` }),
})
securitySuite('GET /v1/portal/calendar-feed', { surface: portal, method: 'GET', setup: async () => ({ path: '/v1/portal/calendar-feed' }) })
securitySuite('POST /v1/portal/calendar-feed', { surface: portal, method: 'POST', setup: async () => ({ path: '/v1/portal/calendar-feed' }) })
securitySuite('DELETE /v1/portal/calendar-feed', { surface: portal, method: 'DELETE', setup: async () => ({ path: '/v1/portal/calendar-feed' }) })

securitySuite('GET /v1/programs/{program_id}/enrollments', {
  surface: admin,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/programs/${(await withEnrollment(t)).program.id}/enrollments` }),
})
securitySuite('GET /v1/programs/{program_id}/waitlist', {
  surface: admin,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/programs/${(await withEnrollment(t)).program.id}/waitlist` }),
})
securitySuite('GET /v1/enrollments/{enrollment_id}', {
  surface: admin,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/enrollments/${(await withEnrollment(t)).enrollmentId}` }),
})
securitySuite('POST /v1/enrollments/{enrollment_id}/cancel', {
  surface: admin,
  method: 'POST',
  setup: async (t) => ({ path: `/v1/enrollments/${(await withEnrollment(t)).enrollmentId}/cancel`, body: { reason: 'Duplicate registration.' } }),
})
