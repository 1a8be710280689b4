import { createRouter } from '../../lib/router'
import * as h from './tenants.handlers'
import * as r from './tenants.routes'

export const tenantsPlatform = createRouter()
  .openapi(r.createTenant, h.createTenantHandler)
  .openapi(r.listTenants, h.listTenantsHandler)
  .openapi(r.getTenant, h.getTenantHandler)
  .openapi(r.suspendTenant, h.suspendTenantHandler)
  .openapi(r.reactivateTenant, h.reactivateTenantHandler)

export const tenantSettings = createRouter().openapi(r.getCurrentTenant, h.getCurrentTenantHandler).openapi(r.updateCurrentTenant, h.updateCurrentTenantHandler)

export { toTenant } from './tenants.handlers'
export { findTenant, timeZoneQuery } from './tenants.repo'
