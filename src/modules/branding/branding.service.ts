import type { TenantData } from '../../db/tenant'
import { prefixes, toApiId } from '../../lib/ids'
import { findPortalSettings, findSsoSettings } from '../identity'

const MAX_PROGRAMS = 50

/**
 * Everything the public branding response shows, read inside the tenant (a public route has no
 * principal: the tenant comes from the slug or host, resolved by `findPortalTenant`).
 */
export const loadBranding = async (scope: TenantData) => {
  const tenant = await scope.tx
    .selectFrom('tenants')
    .select(['slug', 'name', 'locale', 'time_zone', 'branding'])
    .where('id', '=', scope.tenantId)
    .executeTakeFirstOrThrow()
  const sso = await findSsoSettings(scope)
  const settings = await findPortalSettings(scope)
  const programs = await scope.tx
    .selectFrom('programs')
    .select(['id', 'name', 'starts_on', 'ends_on', 'min_age', 'max_age', 'registration_opens_at', 'registration_closes_at'])
    .where('tenant_id', '=', scope.tenantId)
    .where('status', '=', 'published')
    .orderBy('starts_on', (ob) => ob.asc().nullsLast())
    .orderBy('id')
    .limit(MAX_PROGRAMS)
    .execute()
  return {
    origins: settings.origins,
    body: {
      object: 'portal_branding' as const,
      slug: tenant.slug,
      name: tenant.name,
      display_name: tenant.branding.display_name ?? tenant.name,
      logo_url: tenant.branding.logo_url ?? null,
      primary_color: tenant.branding.primary_color ?? null,
      accent_color: tenant.branding.accent_color ?? null,
      portal_host: tenant.branding.portal_host ?? null,
      locale: tenant.locale,
      time_zone: tenant.time_zone,
      sign_in: {
        methods: sso ? (['sso', 'invitation'] as ('sso' | 'invitation')[]) : (['invitation'] as ('sso' | 'invitation')[]),
        sso: sso ? { issuer: sso.issuer, client_id: sso.audience } : null,
      },
      programs: programs.map((p) => ({
        id: toApiId(prefixes.program, p.id),
        name: p.name,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        min_age: p.min_age,
        max_age: p.max_age,
        registration_opens_at: p.registration_opens_at?.toISOString() ?? null,
        registration_closes_at: p.registration_closes_at?.toISOString() ?? null,
      })),
    },
  }
}
