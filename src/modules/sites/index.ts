import { createRouter } from '../../lib/router'
import * as h from './sites.handlers'
import * as r from './sites.routes'

export const sites = createRouter()
  .openapi(r.createSite, h.createSiteHandler)
  .openapi(r.listSites, h.listSitesHandler)
  .openapi(r.getSite, h.getSiteHandler)
  .openapi(r.updateSite, h.updateSiteHandler)
  .openapi(r.deleteSite, h.deleteSiteHandler)

/** For modules whose objects name a site. */
export { siteExists, siteLabel } from './sites.service'
