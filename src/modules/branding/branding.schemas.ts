import { z } from '@hono/zod-openapi'
import { isoDate } from '../../lib/fields'
import { timestamp } from '../../lib/openapi'

export const ProgramSummary = z
  .object({
    id: z.string().openapi({ example: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x' }),
    name: z.string().openapi({ example: '2027 summer care (ages 3-7)' }),
    starts_on: isoDate().nullable().openapi({ example: '2027-07-05' }),
    ends_on: isoDate().nullable().openapi({ example: '2027-08-13' }),
    min_age: z.number().int().nullable().openapi({ example: 3 }),
    max_age: z.number().int().nullable().openapi({ example: 7 }),
    registration_opens_at: timestamp('2027-06-01T00:00:00.000+08:00').nullable(),
    registration_closes_at: timestamp('2027-06-20T00:00:00.000+08:00').nullable(),
  })
  .openapi('ProgramSummary')

export const PortalBranding = z
  .object({
    object: z.literal('portal_branding'),
    slug: z.string().openapi({ example: 'yuncheng-court' }),
    name: z.string().openapi({ example: '运城市中级人民法院' }),
    display_name: z.string().openapi({ example: "Yuncheng Intermediate People's Court", description: "Branding's display name, else the tenant's name." }),
    logo_url: z.string().nullable().openapi({ example: 'https://cdn.example.com/court/logo.png' }),
    primary_color: z.string().nullable().openapi({ example: '#8B1A1A' }),
    accent_color: z.string().nullable().openapi({ example: '#D4A017' }),
    portal_host: z.string().nullable().openapi({ example: 'care.court.example.cn' }),
    locale: z.string().openapi({ example: 'zh-CN' }),
    time_zone: z.string().openapi({ example: 'Asia/Shanghai' }),
    sign_in: z
      .object({
        methods: z.array(z.enum(['sso', 'invitation'])).openapi({ example: ['sso', 'invitation'] }),
        sso: z
          .object({
            issuer: z.string().openapi({ example: 'https://login.court.example.cn' }),
            client_id: z.string().openapi({ example: 'tuoguan-portal', description: 'The audience the id_token must carry.' }),
          })
          .nullable(),
      })
      .openapi({ description: 'How employees sign in: the portal starts an OpenID Connect login at `sso.issuer` when SSO is configured.' }),
    programs: z.array(ProgramSummary).openapi({ description: 'Published programs, soonest first.' }),
  })
  .openapi('PortalBranding')
