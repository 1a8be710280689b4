import { describe, expect, it } from 'vitest'
import type { DemoTenantSlug } from '../../src/seed/api'
import { seedPrograms } from '../../src/seed/programs'
import { expectProblem, newTenant, type TestTenant } from '../helpers/harness'

/** The seed's `call`, made of a test tenant's admin client. */
const callFor =
  (t: TestTenant) =>
  async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await t.send(method, path, { body })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
    return res.body as T
  }

const seeded = async (slug: DemoTenantSlug) => {
  const t = await newTenant()
  const [id] = await seedPrograms(callFor(t), slug)
  const program = (await t.get(`/v1/programs/${id}`)).body
  return { t, program }
}

const kinds = (program: { activities: { kind: string }[] }) => program.activities.map((a) => a.kind)

describe('demo seed: the three employers of the story, next summer', () => {
  it('the court: ages 3 to 7, six weeks (a month and a half), Monday to Friday, with two classes', async () => {
    const { t, program } = await seeded('yuncheng-court')
    expect(program).toMatchObject({
      status: 'draft',
      starts_on: '2027-07-05',
      ends_on: '2027-08-15',
      length_weeks: 6,
      operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start' },
    })
    const groups = (await t.get(`/v1/programs/${program.id}/groups`)).body.data
    expect(groups.map((g: { min_age: number; max_age: number }) => [g.min_age, g.max_age])).toEqual([
      [3, 4],
      [5, 7],
    ])
    expect((await t.get(`/v1/programs/${program.id}/calendar`)).body.service_day_count).toBe(30)
  })

  it('the telecom: four weeks for 70+ children, with a fee the employer subsidises in full', async () => {
    const { program } = await seeded('unicom-yuncheng')
    expect(program).toMatchObject({ length_weeks: 4, starts_on: '2027-07-19', ends_on: '2027-08-15', employee_share: { amount: 0, currency: 'CNY' } })
    expect(program.capacity).toBeGreaterThanOrEqual(70)
  })

  it('the bank: Monday to Friday, homework first, meals, a career-experience day and a village outing', async () => {
    const { program } = await seeded('yuncheng-bank')
    expect(program.operating_weekdays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri'])
    expect(kinds(program)[0]).toBe('homework_help')
    expect(kinds(program)).toEqual(expect.arrayContaining(['meals', 'career_day', 'outing']))
    expect(new Date(program.registration_window.closes_at).getTime()).toBeLessThan(new Date(`${program.starts_on}T00:00:00+08:00`).getTime())
  })

  it('leaves each program a complete draft that lacks only its provider', async () => {
    for (const slug of ['yuncheng-bank', 'yuncheng-court', 'unicom-yuncheng'] as const) {
      const { t, program } = await seeded(slug)
      const res = await t.post(`/v1/programs/${program.id}/publish`)
      expectProblem(res, 422, 'program_incomplete')
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['provider_assignment'])
    }
  })
})
