import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { migrateToLatest } from '../../src/db/migrate'
import { openPglite } from '../../src/db/pglite'
import { seedDemo } from '../../src/seed/demo'
import { testApp } from '../helpers/app'

describe('the demo seed of npm start', () => {
  it('creates the three employers with published programs, a provider credential and a working invitation', async () => {
    const { config } = await testApp()
    const database = await openPglite()
    try {
      await migrateToLatest(database.db)
      const app = createApp({ config, database: () => database.db })
      const demo = await seedDemo(app, config.platformApiKey)
      expect(demo.tenants.map((t) => t.slug)).toEqual(['yuncheng-bank', 'yuncheng-court', 'unicom-yuncheng'])
      for (const t of demo.tenants) {
        const hr = { Authorization: `Bearer ${t.hr_api_key}` }
        const tenant = await (await app.request('/v1/tenant', { headers: hr })).json()
        expect(tenant).toMatchObject({ slug: t.slug, time_zone: 'Asia/Shanghai', locale: 'zh-CN' })
        for (const id of t.program_ids) {
          expect(await (await app.request(`/v1/programs/${id}`, { headers: hr })).json()).toMatchObject({ status: 'published' })
        }
        expect(t.provider.client_secret).toMatch(/^cs_/)
        const signIn = await app.request('/v1/oauth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'urn:tuoguan:params:oauth:grant-type:invitation-code', tenant: t.slug, code: t.portal.invitation_code }),
        })
        expect(signIn.status, await signIn.clone().text()).toBe(200)
      }
      const court = demo.tenants[1]
      const program = await (await app.request(`/v1/programs/${court?.program_ids[0]}`, { headers: { Authorization: `Bearer ${court?.hr_api_key}` } })).json()
      expect(program).toMatchObject({ age_rule: { min_age: 3, max_age: 7 }, length_weeks: 6 })
    } finally {
      await database.close()
    }
  })
})
