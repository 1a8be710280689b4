import type { AdminCall, DemoTenantSlug } from './api'

type SiteSeed = { name: string; address: string; capacity_note?: string; contact_phone?: string }
type GroupSeed = { name: string; min_age: number; max_age: number; capacity: number; children_per_staff?: number }
type ProgramSeed = { site: SiteSeed; program: Record<string, unknown>; groups?: GroupSeed[] }

const MONDAY_TO_FRIDAY = ['mon', 'tue', 'wed', 'thu', 'fri']

/**
 * The three employers' summer programs of DESIGN §1, next summer (2027). Dates are Asia/Shanghai
 * calendar dates; registration opens and closes before each program starts.
 */
export const demoPrograms: Record<DemoTenantSlug, ProgramSeed> = {
  // Yuncheng Rural Commercial Bank: third year of its staff-children summer care centre, Monday to
  // Friday, homework first and then play, meals, a career-experience day in the bank hall and a
  // village day trip; volunteer teachers; registration published before opening.
  'yuncheng-bank': {
    site: {
      name: '运城农商银行职工子女暑期托管中心',
      address: '运城农商银行总行 职工活动中心（山西省运城市）',
      capacity_note: 'Study room, play room next door and the staff canteen; about 50 children.',
      contact_phone: '+86 359 201 8866',
    },
    program: {
      name: '2027 职工子女暑期托管班',
      description:
        'Staff-children summer care centre, year 3. Homework first, then play with the other children next door; meals in the canteen. Volunteer teachers design lessons for each age.',
      starts_on: '2027-07-12',
      length_weeks: 6,
      operating_weekdays: MONDAY_TO_FRIDAY,
      daily_hours: { opens_at: '08:00', closes_at: '18:00' },
      age_rule: { min_age: 6, max_age: 12, measured_on: 'program_start' },
      capacity: 50,
      max_children_per_employee: 2,
      registration_window: { opens_at: '2027-06-07T09:00:00+08:00', closes_at: '2027-07-02T18:00:00+08:00' },
      activities: [
        { kind: 'homework_help', title: 'Homework time', schedule_note: 'Every morning, before play' },
        { kind: 'crafts', title: 'Lego and crafts', schedule_note: 'Afternoons' },
        { kind: 'meals', title: 'Lunch in the staff canteen' },
        { kind: 'career_day', title: 'Career-experience day in the bank hall', schedule_note: 'Thursday 2027-08-05' },
        { kind: 'outing', title: 'Village day trip', schedule_note: 'Wednesday 2027-08-11' },
      ],
    },
  },
  // Yuncheng Intermediate People's Court: summer care for all officers' children aged 3 to 7, for a
  // month and a half (6 weeks), Monday to Friday, by experienced full-time preschool teachers.
  'yuncheng-court': {
    site: {
      name: '市中院干警子女暑期托管室',
      address: '运城市中级人民法院 综合楼一层（山西省运城市）',
      capacity_note: 'Two classrooms and a nap room; 60 children at most.',
      contact_phone: '+86 359 268 1200',
    },
    program: {
      name: '2027 干警子女暑期托管班（3–7 岁）',
      description: "Summer care for all officers' children aged 3 to 7, run by experienced full-time preschool teachers hired by the court.",
      starts_on: '2027-07-05',
      length_weeks: 6,
      operating_weekdays: MONDAY_TO_FRIDAY,
      daily_hours: { opens_at: '08:00', closes_at: '17:30' },
      age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start' },
      capacity: 60,
      max_children_per_employee: 2,
      registration_window: { opens_at: '2027-06-01T09:00:00+08:00', closes_at: '2027-06-25T18:00:00+08:00' },
      activities: [
        { kind: 'crafts', title: 'Crafts and picture books' },
        { kind: 'music', title: 'Songs and rhythm games' },
        { kind: 'dance', title: 'Dance', schedule_note: 'Tuesdays and Thursdays' },
        { kind: 'safety_education', title: 'Summer safety: water, traffic, strangers', schedule_note: 'Mondays' },
        { kind: 'meals', title: 'Lunch, nap and afternoon snack' },
      ],
    },
    groups: [
      { name: '小班（3–4 岁）', min_age: 3, max_age: 4, capacity: 25, children_per_staff: 8 },
      { name: '大班（5–7 岁）', min_age: 5, max_age: 7, capacity: 35, children_per_staff: 12 },
    ],
  },
  // China Unicom Yuncheng: a 4-week employee-children summer class for 70+ children, run by a
  // professional childcare agency under contract.
  'unicom-yuncheng': {
    site: {
      name: '联通员工子女暑期托管班（阳光托育服务中心）',
      address: '运城市阳光托育服务中心（受托机构场地，山西省运城市）',
      capacity_note: 'The agency’s centre: four classrooms, a gym and a canteen; up to 80 children.',
      contact_phone: '+86 359 202 0123',
    },
    program: {
      name: '2027 联通员工子女暑期托管班',
      description: 'Four weeks of summer care for employees’ children, run by a professional childcare agency under contract.',
      starts_on: '2027-07-19',
      length_weeks: 4,
      operating_weekdays: MONDAY_TO_FRIDAY,
      daily_hours: { opens_at: '08:30', closes_at: '17:30' },
      age_rule: { min_age: 5, max_age: 12, measured_on: 'program_start' },
      capacity: 80,
      max_children_per_employee: 2,
      registration_window: { opens_at: '2027-06-14T09:00:00+08:00', closes_at: '2027-07-09T18:00:00+08:00' },
      fee: { amount: 150000, currency: 'CNY' },
      // Fully subsidised: a co-payment would need Stripe (docs/billing.md), which the demo does not have.
      employer_subsidy: { amount: 150000, currency: 'CNY' },
      activities: [
        { kind: 'homework_help', title: 'Summer homework', schedule_note: 'Mornings' },
        { kind: 'sport', title: 'Ball games and swimming' },
        { kind: 'music', title: 'Music' },
        { kind: 'safety_education', title: 'Safety education' },
        { kind: 'meals', title: 'Lunch and fruit' },
      ],
    },
  },
}

/**
 * Creates the employer's site and program (and the court's groups) through the admin API, as
 * drafts: publishing needs a contract, which the providers seed adds. Returns the program ids.
 */
export const seedPrograms = async (call: AdminCall, slug: DemoTenantSlug): Promise<string[]> => {
  const demo = demoPrograms[slug]
  const site = await call<{ id: string }>('POST', '/v1/sites', demo.site)
  // Registration opens at seeding (not in June) so that the demo's enrollment flow can be tried at once.
  const window = demo.program.registration_window as { opens_at: string; closes_at: string }
  const opensAt = new Date(Math.min(Date.now(), Date.parse(window.opens_at))).toISOString()
  const program = await call<{ id: string }>('POST', '/v1/programs', {
    ...demo.program,
    registration_window: { ...window, opens_at: opensAt },
    site_id: site.id,
  })
  for (const group of demo.groups ?? []) await call('POST', `/v1/programs/${program.id}/groups`, group)
  return [program.id]
}
