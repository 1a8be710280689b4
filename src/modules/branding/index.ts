import { createRouter } from '../../lib/router'
import { getPortalBrandingHandler } from './branding.handlers'
import { getPortalBranding } from './branding.routes'

/** The portal's public route: branding by slug or portal host. */
export const brandingPublic = createRouter().openapi(getPortalBranding, getPortalBrandingHandler)

export { corsTenant, portalCors } from './cors'
