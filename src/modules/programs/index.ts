import { createRouter } from '../../lib/router'
import * as gh from './groups.handlers'
import * as gr from './groups.routes'
import * as h from './programs.handlers'
import * as r from './programs.routes'

export const programs = createRouter()
  .openapi(r.createProgram, h.createProgramHandler)
  .openapi(r.listPrograms, h.listProgramsHandler)
  .openapi(r.getProgram, h.getProgramHandler)
  .openapi(r.updateProgram, h.updateProgramHandler)
  .openapi(r.publishProgram, h.publishProgramHandler)
  .openapi(r.closeProgram, h.closeProgramHandler)
  .openapi(r.archiveProgram, h.archiveProgramHandler)
  .openapi(r.getProgramCalendar, h.getProgramCalendarHandler)
  .openapi(gr.createProgramGroup, gh.createProgramGroupHandler)
  .openapi(gr.listProgramGroups, gh.listProgramGroupsHandler)
  .openapi(gr.getProgramGroup, gh.getProgramGroupHandler)
  .openapi(gr.updateProgramGroup, gh.updateProgramGroupHandler)
  .openapi(gr.deleteProgramGroup, gh.deleteProgramGroupHandler)

/** How enrollments react to program and group changes: the enrollments module registers them (programs does not import it). */
export { type EnrollmentHooks, registerEnrollmentHooks, type Stranding, type StrandResolution, type StrandScope } from './programs.hooks'
/** For the enrollment work: age eligibility, service days, and the schemas an enrollment embeds. */
export { type AgeCheck, type AgeRule, ageOn, checkAge, describeAgeCheck, measuringDate, serviceDays } from './programs.rules'
export {
  Activity as ActivitySchema,
  AgeRule as AgeRuleSchema,
  DailyHours as DailyHoursSchema,
  RegistrationWindow as RegistrationWindowSchema,
  Weekday as WeekdaySchema,
} from './programs.schemas'
