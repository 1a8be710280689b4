import { createRouter } from '../../lib/router'
import * as ih from './invitations.handlers'
import * as ir from './invitations.routes'
import * as ph from './portal-settings.handlers'
import * as pr from './portal-settings.routes'
import * as sh from './sso.handlers'
import * as sr from './sso.routes'

/** Admin-surface routes of employee sign-in: SSO settings, portal settings and invitation codes. */
export const identityAdmin = createRouter()
  .openapi(sr.getSsoSettings, sh.getSsoSettingsHandler)
  .openapi(sr.putSsoSettings, sh.putSsoSettingsHandler)
  .openapi(sr.deleteSsoSettings, sh.deleteSsoSettingsHandler)
  .openapi(pr.getPortalSettings, ph.getPortalSettingsHandler)
  .openapi(pr.putPortalSettings, ph.putPortalSettingsHandler)
  .openapi(ir.createInvitation, ih.createInvitationHandler)
  .openapi(ir.listInvitations, ih.listInvitationsHandler)
  .openapi(ir.revokeInvitation, ih.revokeInvitationHandler)

// What the token endpoint, the portal surface and branding need from sign-in.
export { MAX_FAILED_ATTEMPTS, type Redemption, redeemInvitation } from './invitations.service'
export { findPortalSettings } from './portal-settings.service'
export { findPortalTenant, type PortalTenant } from './portal-tenant.repo'
export { findRosterEmployee, findRosterEmployeesBy, mayUsePortal } from './roster.repo'
export { findSsoSettings, type SsoSettingsRow } from './sso.service'
