import type { AdminCall } from './api'

/** A request to the app as any client sends it (e.g. `app.request` bound to the app). */
export type AppRequest = (path: string, init: RequestInit) => Response | Promise<Response>

export type ProviderCredentials = { contract_id: string; client_id: string; client_secret: string }

export type SeededAttendance = { program_id: string; date: string; children: number; picked_up: number; present: number; absent: number }

const DAY_MS = 86_400_000
const localDate = (instant: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant)
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

/** The children of the demo families: ages on the seed day, what care needs, who may pick them up. */
const families = [
  [
    {
      name: '赵子涵',
      age: 6,
      allergies: ['peanuts'],
      medical_notes: 'Carries an epinephrine pen (front pocket of the red backpack).',
      dietary_needs: [] as string[],
    },
    { name: '赵子轩', age: 4, allergies: [] as string[], medical_notes: null, dietary_needs: ['no spicy food'] },
  ],
  [{ name: '孙一诺', age: 8, allergies: [], medical_notes: null, dietary_needs: ['halal'] }],
  [
    { name: '周沐阳', age: 5, allergies: ['eggs'], medical_notes: null, dietary_needs: [] },
    { name: '周沐晴', age: 9, allergies: [], medical_notes: 'Mild asthma; inhaler in the blue bag.', dietary_needs: [] },
  ],
]

const failed = async (what: string, res: Response) => new Error(`Seeding attendance failed at ${what}: ${res.status} ${await res.text()}`)

/**
 * Gives one demo employer a program running now and a day at the door, through the API alone:
 * HR adds a winter care program (open daily, from a week before the seed day for four weeks) to
 * the provider's contract and publishes it; a few employees sign in to the portal with invitation
 * codes, register their children and enroll them, one reports a child absent; the provider checks
 * children in and out with its client credentials, and one child has not arrived yet.
 *
 * The demo's summer programs lie in the future, and children's seats are confirmed when the seed
 * runs, so the only day with attendance is the seed day itself: its morning (from the 08:00
 * opening, or from midnight when the seed runs earlier) up to now. Later days fill in as the demo
 * is used. `guardianIds` are active employees to act as parents (not the one whose portal
 * invitation the demo prints: a new invitation would replace it).
 */
export const seedAttendance = async (call: AdminCall, request: AppRequest, provider: ProviderCredentials, guardianIds: string[]): Promise<SeededAttendance> => {
  const json = async <T>(what: string, res: Response): Promise<T> => {
    if (!res.ok) throw await failed(what, res)
    return (await res.json()) as T
  }
  const { time_zone: timeZone } = await call<{ time_zone: string }>('GET', '/v1/tenant')
  const now = new Date()
  const today = localDate(now, timeZone)
  const startsOn = addDays(today, -7)
  const endsOn = addDays(today, 27)

  const site = await call<{ id: string }>('POST', '/v1/sites', { name: '职工子女冬季托管室', address: '单位职工活动中心一层' })
  const program = await call<{ id: string }>('POST', '/v1/programs', {
    name: '冬季职工子女托管班（演示）',
    description: 'Winter care, open every day: homework help in the morning, games and crafts in the afternoon, lunch included.',
    site_id: site.id,
    starts_on: startsOn,
    ends_on: endsOn,
    operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    daily_hours: { opens_at: '08:00', closes_at: '17:30' },
    age_rule: { min_age: 3, max_age: 12, measured_on: 'program_start' },
    capacity: 40,
    registration_window: { opens_at: new Date(now.getTime() - 14 * DAY_MS).toISOString(), closes_at: `${endsOn}T12:00:00Z` },
    activities: [
      { kind: 'homework_help', title: 'Winter homework', schedule_note: 'Mornings' },
      { kind: 'crafts', title: 'Paper-cutting and lanterns' },
      { kind: 'meals', title: 'Lunch and fruit' },
    ],
  })
  const contract = await call<{ program_ids: string[]; starts_on: string }>('GET', `/v1/contracts/${provider.contract_id}`)
  await call('PATCH', `/v1/contracts/${provider.contract_id}`, {
    program_ids: [...contract.program_ids, program.id],
    starts_on: [contract.starts_on, startsOn].sort()[0],
  })
  await call('POST', `/v1/programs/${program.id}/publish`)

  // Parents sign in to the portal and enroll their children.
  const active: string[] = []
  for (const id of guardianIds) if ((await call<{ status: string }>('GET', `/v1/employees/${id}`)).status === 'active') active.push(id)
  const children: { id: string; guardian: string; pickupPhone: string }[] = []
  let absentId: string | undefined
  const birthYear = Number(startsOn.slice(0, 4))
  const { slug } = await call<{ slug: string }>('GET', '/v1/tenant')
  for (const [i, employeeId] of active.slice(0, families.length).entries()) {
    const { code } = await call<{ code: string }>('POST', `/v1/employees/${employeeId}/invitations`, { expires_in_days: 1 })
    const signIn = await json<{ access_token: string }>(
      'portal sign-in',
      await request('/v1/oauth/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:tuoguan:params:oauth:grant-type:invitation-code', tenant: slug, code }).toString(),
      }),
    )
    const portal = (path: string, body: unknown) =>
      request(path, {
        method: 'POST',
        headers: { Authorization: `Bearer ${signIn.access_token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    for (const [j, kid] of (families[i] ?? []).entries()) {
      const grandparent = { name: `${kid.name.slice(0, 1)}奶奶`, relation: 'grandmother', phone: `+86 139 0359 ${String(1000 + i * 10 + j)}` }
      const child = await json<{ id: string }>(
        'child registration',
        await portal('/v1/portal/children', {
          name: kid.name,
          date_of_birth: `${birthYear - kid.age}-03-15`,
          allergies: kid.allergies,
          medical_notes: kid.medical_notes,
          dietary_needs: kid.dietary_needs,
          emergency_contacts: [grandparent],
          authorized_pickups: [
            grandparent,
            { name: '王阿姨', relation: 'neighbour', phone: `+86 137 0359 ${String(2000 + i * 10 + j)}`, valid_from: today, valid_until: today },
          ],
          consent: { purpose: 'childcare_services', policy_version: '2026-11' },
        }),
      )
      await json('enrollment', await portal('/v1/portal/enrollments', { program_id: program.id, child_id: child.id }))
      children.push({ id: child.id, guardian: employeeId, pickupPhone: grandparent.phone })
    }
    // One child of a family with two stays home today.
    if (absentId === undefined && (families[i]?.length ?? 0) > 1) {
      absentId = children.at(-1)?.id
      await json('absence', await portal('/v1/portal/absences', { child_id: absentId, dates: [today], reason: 'Has a cold; staying home with grandmother.' }))
    }
  }

  // The provider's morning: arrivals from the opening (or midnight) to now, but for the last child,
  // who is still on the way (the README's walkthrough checks her in); the first two go home early.
  const token = await json<{ access_token: string }>(
    'provider token',
    await request('/v1/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${btoa(`${provider.client_id}:${provider.client_secret}`)}` },
      body: 'grant_type=client_credentials',
    }),
  )
  const door = (path: string, body: unknown) =>
    request(path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  // The tenant's midnight and 08:00 opening today, as instants (no DST change within a day assumed).
  const offset = Date.parse(`${now.toLocaleString('sv-SE', { timeZone }).replace(' ', 'T')}Z`) - Math.floor(now.getTime() / 1000) * 1000
  const midnight = Date.parse(`${today}T00:00:00Z`) - offset
  const opening = midnight + 8 * 3_600_000
  const from = now.getTime() > opening ? opening : midnight
  const at = (fraction: number) => new Date(from + Math.floor((now.getTime() - from) * fraction)).toISOString()
  const expected = children.filter((c) => c.id !== absentId)
  const arrived = expected.slice(0, -1)
  const checkIns = await json<{ recorded: number }>(
    'check-ins',
    await door('/v1/provider/check-ins', {
      items: arrived.map((c, k) => ({
        program_id: program.id,
        child_id: c.id,
        at: at(0.1 + k * 0.05),
        dropped_off_by: { kind: 'guardian' },
        staff: '值班老师',
      })),
    }),
  )
  const leaving = arrived.slice(0, 2)
  for (const [k, c] of leaving.entries())
    await json(
      'check-out',
      await door('/v1/provider/check-outs', {
        program_id: program.id,
        child_id: c.id,
        at: at(0.8 + k * 0.1),
        picked_up_by: k === 0 ? { kind: 'authorized_pickup', phone: c.pickupPhone } : { kind: 'guardian' },
        staff: '值班老师',
      }),
    )
  return {
    program_id: program.id,
    date: today,
    children: children.length,
    picked_up: leaving.length,
    present: checkIns.recorded - leaving.length,
    absent: children.length - expected.length,
  }
}
