import type { App } from '../app'
import type { AdminCall, DemoTenantSlug } from './api'
import { seedAttendance } from './attendance'
import { seedEmployees } from './employees'
import { seedPortalInvitation } from './portal'
import { seedPrograms } from './programs'
import { seedProviders } from './providers'

/** The three employers of the source story (DESIGN §1). */
export const demoTenants: { slug: DemoTenantSlug; name: string; branding: { display_name: string; primary_color: string; accent_color: string } }[] = [
  {
    slug: 'yuncheng-bank',
    name: '运城农商银行',
    branding: { display_name: 'Yuncheng Rural Commercial Bank', primary_color: '#0A7F5A', accent_color: '#F2C14E' },
  },
  {
    slug: 'yuncheng-court',
    name: '运城市中级人民法院',
    branding: { display_name: "Yuncheng Intermediate People's Court", primary_color: '#8B1A1A', accent_color: '#D4A017' },
  },
  {
    slug: 'unicom-yuncheng',
    name: '中国联通运城分公司',
    branding: { display_name: 'China Unicom Yuncheng', primary_color: '#E60012', accent_color: '#1D1D1B' },
  },
]

export type DemoTenantCredentials = {
  slug: string
  id: string
  name: string
  display_name: string
  hr_api_key: string
  program_ids: string[]
  provider: { contract_id: string; client_id: string; client_secret: string }
  portal: { employee_id: string; employee_number: string; invitation_code: string }
  /** A program running now with a day of attendance (the court's), for the provider's curl walk-through. */
  running_program_id?: string
}

export type DemoCredentials = { platform_api_key: string; tenants: DemoTenantCredentials[] }

export type SeedOptions = {
  /** Sent as X-Request-Id on the seed's requests: the audit log then names what this run created (src/seed/start.ts). */
  requestId?: string
  /** Called after each of the seed's admin and platform requests (a test hook may stop the process there). */
  afterRequest?: () => void
  /** Called once an employer is fully seeded. */
  seeded?: (tenant: DemoTenantCredentials) => void
}

/** Requests to the app in-process, as a client would send them. */
export const caller =
  (app: App, key: string, options: SeedOptions = {}): AdminCall =>
  async (method, path, body) => {
    const res = await app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        'Content-Type': 'application/json',
        ...(options.requestId ? { 'X-Request-Id': options.requestId } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`Seeding failed at ${method} ${path}: ${res.status} ${await res.text()}`)
    options.afterRequest?.()
    return res.json()
  }

/**
 * Seeds the demo employers through the API itself (as the operator, then as each employer's HR),
 * so the demo exercises exactly what clients use: sites and programs, a provider under contract,
 * published programs, a roster, and an invitation code to sign in to the portal; the court also
 * gets a program running now, with families enrolled and a day of attendance.
 */
export const seedDemo = async (app: App, platformApiKey: string, options: SeedOptions = {}): Promise<DemoCredentials> => {
  const operator = caller(app, platformApiKey, options)
  const tenants: DemoTenantCredentials[] = []
  for (const t of demoTenants) {
    const tenant = await operator<{ id: string }>('POST', '/v1/platform/tenants', { ...t, time_zone: 'Asia/Shanghai', locale: 'zh-CN' })
    const key = await operator<{ secret: string }>('POST', `/v1/platform/tenants/${tenant.id}/api-keys`, { name: 'Demo HR key', scopes: ['read', 'write'] })
    const hr = caller(app, key.secret, options)
    const programIds = await seedPrograms(hr, t.slug)
    const provider = await seedProviders(hr, t.slug, programIds)
    for (const id of programIds) await hr('POST', `/v1/programs/${id}/publish`)
    const [employee, ...others] = await seedEmployees(hr, t.slug)
    if (!employee) throw new Error(`no demo employee for ${t.slug}`)
    const invitation_code = await seedPortalInvitation(hr, employee.id)
    const running =
      t.slug === 'yuncheng-court'
        ? await seedAttendance(
            hr,
            (path, init) => app.request(path, init),
            provider,
            others.map((e) => e.id),
          )
        : undefined
    const seeded: DemoTenantCredentials = {
      slug: t.slug,
      id: tenant.id,
      name: t.name,
      display_name: t.branding.display_name,
      hr_api_key: key.secret,
      program_ids: programIds,
      provider,
      portal: { employee_id: employee.id, employee_number: employee.employee_number, invitation_code },
      running_program_id: running?.program_id,
    }
    tenants.push(seeded)
    options.seeded?.(seeded)
  }
  return { platform_api_key: platformApiKey, tenants }
}
