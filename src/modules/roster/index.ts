import { createRouter } from '../../lib/router'
import { getRosterHandler } from './roster.handlers'
import { getRoster } from './roster.routes'

/** The provider's roster of a day (provider surface). */
export const roster = createRouter().openapi(getRoster, getRosterHandler)

// For attendance (check-ins, HR's day, the provider's export): a program's days and sheets.
export { requireServiceDay, requireWithinContract } from './roster.checks'
export * as rosterRepo from './roster.repo'
export { type DayStatus, type DaySummary, datesBetween, expectedOn, pickupValidOn, serviceDaysBetween, summarize, whyNotServiceDay } from './roster.rules'
export { AttendanceId, DayStatus as DayStatusSchema, DaySummary as DaySummarySchema, EnrollmentRef, GroupRef } from './roster.schemas'
export { buildSheet, type SheetRow } from './roster.sheet'
