import { z } from '@hono/zod-openapi'
import { integer, isoDate, text } from '../../lib/fields'
import { ProgramId, SiteId } from '../../lib/id-schemas'
import { timestamp } from '../../lib/openapi'
import { WEEKDAYS } from '../../lib/time'

export { ProgramId }

export const ProgramStatus = z.enum(['draft', 'published', 'closed', 'archived']).openapi('ProgramStatus', {
  description: '`draft → published → closed → archived`, through the lifecycle actions only. A draft may also be archived.',
})

const CalendarDate = isoDate().openapi({ example: '2027-07-05' })
const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
const LocalTime = z.string().regex(HH_MM, 'must be a local time HH:MM (24-hour)').openapi({ example: '08:00' })
const Age = integer({ min: 0, max: 18 }, 'ages run from 0 to 18')

export const Weekday = z.enum(WEEKDAYS).openapi('Weekday')

const ageRuleShape = z
  .object({
    min_age: Age.openapi({ example: 3, description: 'Youngest age taken, in full years, inclusive.' }),
    max_age: Age.openapi({ example: 7, description: 'Oldest age taken, in full years, inclusive.' }),
    measured_on: z.enum(['program_start', 'cutoff_date']).openapi({
      description: 'Age is the full years completed on this date: the program’s `starts_on`, or the fixed `cutoff_date`.',
      example: 'program_start',
    }),
    cutoff_date: CalendarDate.nullish().openapi({ description: 'Required with `measured_on: cutoff_date`, refused otherwise.', example: null }),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.min_age > rule.max_age)
      ctx.addIssue({ code: 'custom', path: ['min_age'], message: `min_age ${rule.min_age} must not exceed max_age ${rule.max_age}` })
    if (rule.measured_on === 'cutoff_date' && !rule.cutoff_date)
      ctx.addIssue({ code: 'custom', path: ['cutoff_date'], message: 'cutoff_date is required when age is measured on a cut-off date' })
    if (rule.measured_on === 'program_start' && rule.cutoff_date)
      ctx.addIssue({ code: 'custom', path: ['cutoff_date'], message: 'cutoff_date applies only with measured_on: cutoff_date' })
  })

export const AgeRule = ageRuleShape.openapi('AgeRule', {
  description:
    'Age is full years completed on the measuring date, on calendar dates: a child born on 29 February turns a year older on 1 March in common years.',
  example: { min_age: 3, max_age: 7, measured_on: 'program_start', cutoff_date: null },
})

const dailyHoursShape = z
  .object({ opens_at: LocalTime, closes_at: LocalTime.openapi({ example: '17:30' }) })
  .strict()
  .refine((h) => !HH_MM.test(h.opens_at) || !HH_MM.test(h.closes_at) || h.closes_at > h.opens_at, {
    path: ['closes_at'],
    message: 'closes_at must be after opens_at',
  })

export const DailyHours = dailyHoursShape.openapi('DailyHours', {
  description: 'Local wall-clock times in the tenant’s time zone.',
  example: { opens_at: '08:00', closes_at: '17:30' },
})

const registrationWindowShape = z
  .object({
    opens_at: timestamp('2027-06-01T09:00:00+08:00'),
    closes_at: timestamp('2027-06-25T18:00:00+08:00'),
  })
  .strict()
  .refine((w) => !(Date.parse(w.closes_at) <= Date.parse(w.opens_at)), { path: ['closes_at'], message: 'closes_at must be after opens_at' })

export const RegistrationWindow = registrationWindowShape.openapi('RegistrationWindow', {
  description: 'When employees may register: RFC 3339 instants with an offset. Registration must close by the program’s last day.',
})

const isCurrency = (code: string) => {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : undefined
  return known ? known.includes(code) : true
}

const moneyShape = z
  .object({
    amount: integer({ min: 0, max: 1e12 }).openapi({ example: 120000, description: 'In the currency’s minor units (fen for CNY).' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')
      .refine(isCurrency, 'is not an ISO 4217 currency')
      .openapi({ example: 'CNY' }),
  })
  .strict()

export const Money = moneyShape.openapi('Money', { example: { amount: 120000, currency: 'CNY' } })

export const ActivityKind = z
  .enum(['homework_help', 'crafts', 'music', 'dance', 'sport', 'safety_education', 'career_day', 'outing', 'meals', 'other'])
  .openapi('ActivityKind')

export const Activity = z
  .object({
    kind: ActivityKind,
    title: text({ max: 200 }).openapi({ example: 'Career-experience day in the bank hall' }),
    schedule_note: text({ max: 500 }).optional().openapi({ example: 'Thursday of week 4' }),
  })
  .strict()
  .openapi('Activity')

/**
 * A nullable use of a named object: inline, because `.nullable()` on a registered schema would make
 * the shared component itself nullable in the generated contract.
 */
const orNull = <T extends z.ZodType>(shape: T, description: string) => shape.nullable().openapi({ description })

const TimeZoneField = text({ max: 64, min: 0, trim: false }).openapi({
  description: 'Optional check: when given it must equal the tenant’s time zone, in which dates and daily hours are read.',
  example: 'Asia/Shanghai',
})

/** Fields a client sets, shared by create and update. */
const settable = {
  description: text({ max: 5000, min: 0, multiline: true, trim: false }).openapi({
    example: 'Summer care for the children of all officers: play, crafts, music and a nap.',
  }),
  site_id: SiteId,
  time_zone: TimeZoneField,
  starts_on: CalendarDate,
  ends_on: CalendarDate.openapi({ description: 'The last day, included. Give this or `length_weeks`, not both.', example: '2027-08-15' }),
  length_weeks: integer({ min: 1, max: 52 }).openapi({
    description: 'The length in weeks; `ends_on` becomes `starts_on` + 7 × weeks − 1 day, and follows `starts_on` when it moves.',
    example: 6,
  }),
  operating_weekdays: z
    .array(Weekday)
    .min(1, 'at least one operating weekday is required')
    .max(7)
    .refine((d) => new Set(d).size === d.length, 'weekdays must not repeat')
    .openapi({ example: ['mon', 'tue', 'wed', 'thu', 'fri'] }),
  daily_hours: DailyHours,
  closure_dates: z
    .array(CalendarDate)
    .max(366)
    .openapi({ description: 'Days without care inside the dates.', example: ['2027-08-02'] }),
  age_rule: AgeRule,
  capacity: integer({ min: 1, max: 10000 }).openapi({ example: 60, description: 'Seats: confirmed enrollments never exceed it.' }),
  max_children_per_employee: integer({ min: 1, max: 20 }).openapi({ example: 2, description: 'How many children one employee may enroll.' }),
  registration_window: RegistrationWindow,
  fee: Money,
  employer_subsidy: Money,
  activities: z.array(Activity).max(50),
}

const notBoth = (body: { ends_on?: unknown; length_weeks?: unknown }, ctx: z.RefinementCtx) => {
  if (body.ends_on != null && body.length_weeks != null)
    ctx.addIssue({ code: 'custom', path: ['length_weeks'], message: 'give ends_on or length_weeks, not both' })
}

export const courtProgramExample = {
  name: '2027 暑期托管班（3–7 岁）',
  description: 'Summer care for the children of all officers, run by full-time preschool teachers.',
  site_id: 'sit_01jd7k3m5n6p7q8r9s0t1v2w3x',
  starts_on: '2027-07-05',
  length_weeks: 6,
  operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  daily_hours: { opens_at: '08:00', closes_at: '17:30' },
  closure_dates: [],
  age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start' },
  capacity: 60,
  max_children_per_employee: 2,
  registration_window: { opens_at: '2027-06-01T09:00:00+08:00', closes_at: '2027-06-25T18:00:00+08:00' },
  activities: [
    { kind: 'crafts', title: 'Crafts and picture books' },
    { kind: 'safety_education', title: 'Summer safety', schedule_note: 'Mondays' },
    { kind: 'meals', title: 'Lunch and afternoon snack' },
  ],
}

const ProgramName = text({ max: 200 }).openapi({ example: '2027 暑期托管班（3–7 岁）' })

export const CreateProgram = z.object({ name: ProgramName }).extend(z.object(settable).partial().shape).strict().superRefine(notBoth).openapi('CreateProgram', {
  description: 'Only `name` is needed for a draft; publishing needs the rest (see `publishProgram`). `operating_weekdays` defaults to Monday to Friday.',
  example: courtProgramExample,
})

export const UpdateProgram = z
  .object({
    name: ProgramName,
    ...settable,
    site_id: settable.site_id.nullable(),
    starts_on: settable.starts_on.nullable(),
    ends_on: settable.ends_on.nullable(),
    daily_hours: orNull(dailyHoursShape, '`null` clears the daily hours.'),
    age_rule: orNull(ageRuleShape, '`null` clears the age rule.'),
    capacity: settable.capacity.nullable(),
    max_children_per_employee: settable.max_children_per_employee.nullable(),
    registration_window: orNull(registrationWindowShape, '`null` clears the registration window.'),
    fee: orNull(moneyShape, '`null` removes the fee (and needs the subsidy removed too).'),
    employer_subsidy: orNull(moneyShape, '`null` removes the subsidy.'),
  })
  .partial()
  .strict()
  .superRefine(notBoth)
  .openapi('UpdateProgram', {
    description:
      'Changes the fields given; objects (`age_rule`, `daily_hours`, ...) are replaced whole and `null` clears a field. `ends_on: null` clears the end date and the length. A program that is not a draft must stay complete.',
    example: { capacity: 70, closure_dates: ['2027-08-02'] },
  })

export const Program = z
  .object({
    id: ProgramId,
    object: z.literal('program'),
    name: z.string().openapi({ example: '2027 暑期托管班（3–7 岁）' }),
    description: z.string(),
    status: ProgramStatus,
    site_id: SiteId.nullable(),
    time_zone: z.string().openapi({ example: 'Asia/Shanghai', description: 'The tenant’s time zone: dates and daily hours are read in it.' }),
    starts_on: CalendarDate.nullable(),
    ends_on: CalendarDate.nullable().openapi({ example: '2027-08-15' }),
    length_weeks: z.number().int().nullable().openapi({ example: 6, description: 'Given, or derived from the dates (weeks spanned, rounded up).' }),
    operating_weekdays: z.array(Weekday),
    daily_hours: orNull(dailyHoursShape, 'Local opening and closing times (tenant time zone); null until set.'),
    closure_dates: z.array(CalendarDate),
    age_rule: orNull(ageRuleShape, 'Who may enroll (see `AgeRule`); null until set.'),
    capacity: z.number().int().nullable().openapi({ example: 60 }),
    max_children_per_employee: z.number().int().nullable().openapi({ example: 2 }),
    registration_window: orNull(registrationWindowShape, 'When employees may register (UTC); null until set.'),
    fee: orNull(moneyShape, 'The fee per child in minor units; null when the program is free.'),
    employer_subsidy: orNull(moneyShape, 'The employer’s share of the fee, at most the fee; null without one.'),
    employee_share: orNull(moneyShape, 'What an employee pays per child: the fee minus the subsidy (null without a fee).'),
    activities: z.array(Activity),
    published_at: timestamp().nullable(),
    closed_at: timestamp().nullable(),
    archived_at: timestamp().nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Program')

export const ServiceDay = z
  .object({
    date: CalendarDate,
    weekday: Weekday,
    opens_at: LocalTime.nullable(),
    closes_at: LocalTime.nullable().openapi({ example: '17:30' }),
    starts_at: timestamp('2027-07-05T00:00:00.000Z').nullable().openapi({ description: 'The instant care starts that day.' }),
    ends_at: timestamp('2027-07-05T09:30:00.000Z').nullable().openapi({ description: 'The instant care ends that day.' }),
  })
  .openapi('ServiceDay')

export const ServiceCalendar = z
  .object({
    object: z.literal('service_calendar'),
    program_id: ProgramId,
    time_zone: z.string().openapi({ example: 'Asia/Shanghai' }),
    starts_on: CalendarDate,
    ends_on: CalendarDate.openapi({ example: '2027-08-15' }),
    operating_weekdays: z.array(Weekday),
    closure_dates: z.array(CalendarDate),
    service_day_count: z.number().int().openapi({ example: 30 }),
    days: z.array(ServiceDay),
  })
  .openapi('ServiceCalendar', { description: 'The days care is given: operating weekdays between the dates, both included, minus closures.' })
