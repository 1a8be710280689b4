import { z } from '@hono/zod-openapi'
import { text, withTextRules } from '../../lib/fields'
import { TenantId } from '../../lib/id-schemas'
import { timestamp } from '../../lib/openapi'

export { TenantId }

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return tz.includes('/') || tz === 'UTC'
  } catch {
    return false
  }
}

const isLocale = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1
  } catch {
    return false
  }
}

export const TimeZone = text({ max: 64, min: 0, trim: false })
  .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
  .openapi({ example: 'Asia/Shanghai' })
export const Locale = z.string().max(35).refine(isLocale, 'must be a BCP 47 language tag such as zh-CN').openapi({ example: 'zh-CN' })
const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour such as #0A7F5A')
const Hostname = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case host name such as care.example.com')

export const Branding = z
  .object({
    display_name: text({ max: 200, trim: false }).optional().openapi({ example: 'Yuncheng Court Summer Care' }),
    logo_url: withTextRules(z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000))
      .optional()
      .openapi({ format: 'uri', example: 'https://cdn.example.com/court/logo.png' }),
    primary_color: HexColor.optional().openapi({ example: '#8B1A1A' }),
    accent_color: HexColor.optional().openapi({ example: '#F2C14E' }),
    portal_host: Hostname.optional().openapi({ example: 'care.court.example.cn' }),
  })
  .strict()
  .openapi('Branding')

export const Tenant = z
  .object({
    id: TenantId,
    object: z.literal('tenant'),
    slug: z.string().openapi({ example: 'yuncheng-court' }),
    name: z.string().openapi({ example: '运城市中级人民法院' }),
    time_zone: z.string().openapi({ example: 'Asia/Shanghai' }),
    locale: z.string().openapi({ example: 'zh-CN' }),
    branding: Branding,
    status: z.enum(['active', 'suspended']),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Tenant')

export const CreateTenant = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, 'must be 3 to 40 lower-case letters, digits and inner hyphens')
      .openapi({ example: 'yuncheng-court' }),
    name: text({ max: 200, trim: false }).openapi({ example: '运城市中级人民法院' }),
    time_zone: TimeZone.default('Asia/Shanghai'),
    locale: Locale.default('zh-CN'),
    branding: Branding.default({}),
  })
  .openapi('CreateTenant')

export const UpdateTenant = z
  .object({
    name: text({ max: 200, trim: false }).optional(),
    time_zone: TimeZone.optional(),
    locale: Locale.optional(),
    branding: Branding.optional().openapi({ description: 'Replaces the branding as a whole.' }),
  })
  .strict()
  .openapi('UpdateTenant', { example: { time_zone: 'Asia/Shanghai', branding: { display_name: 'Court Summer Care', primary_color: '#8B1A1A' } } })
