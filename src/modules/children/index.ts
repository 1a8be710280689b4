import { createRouter } from '../../lib/router'
import * as h from './children.handlers'
import * as r from './children.routes'

/** The signed-in employee's children and consent ledger (portal surface). `export` comes before `{child_id}`. */
export const children = createRouter()
  .openapi(r.createChild, h.createChildHandler)
  .openapi(r.listChildren, h.listChildrenHandler)
  .openapi(r.exportChildren, h.exportChildrenHandler)
  .openapi(r.getChild, h.getChildHandler)
  .openapi(r.updateChild, h.updateChildHandler)
  .openapi(r.deleteChild, h.deleteChildHandler)
  .openapi(r.listConsents, h.listConsentsHandler)

/** For the provider surface's roster and feed, which show a child's pickups and contacts. */
export { AuthorizedPickup, EmergencyContact } from './children.schemas'
