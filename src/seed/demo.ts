import type { App } from '../app'

/** The three employers of the source story (DESIGN §1). */
export const demoTenants = [
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
] as const

export type DemoCredentials = {
  platform_api_key: string
  tenants: { slug: string; id: string; name: string; display_name: string; hr_api_key: string }[]
}

/**
 * Seeds the demo tenants through the API itself, as an operator and then as each tenant's HR,
 * so the demo exercises exactly what clients use. Returns the credentials to print.
 */
export const seedDemo = async (app: App, platformApiKey: string): Promise<DemoCredentials> => {
  const call = async <T>(method: string, path: string, key: string, body?: unknown): Promise<T> => {
    const res = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`Seeding failed at ${method} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  const tenants: DemoCredentials['tenants'] = []
  for (const t of demoTenants) {
    const tenant = await call<{ id: string }>('POST', '/v1/platform/tenants', platformApiKey, { ...t, time_zone: 'Asia/Shanghai', locale: 'zh-CN' })
    const key = await call<{ secret: string }>('POST', `/v1/platform/tenants/${tenant.id}/api-keys`, platformApiKey, {
      name: 'Demo HR key',
      scopes: ['read', 'write'],
    })
    tenants.push({ slug: t.slug, id: tenant.id, name: t.name, display_name: t.branding.display_name, hr_api_key: key.secret })
  }
  return { platform_api_key: platformApiKey, tenants }
}
