import { createRouter } from '../../lib/router'
import * as h from './api-keys.handlers'
import * as r from './api-keys.routes'

export const apiKeys = createRouter()
  .openapi(r.createApiKey, h.createApiKeyHandler)
  .openapi(r.listApiKeys, h.listApiKeysHandler)
  .openapi(r.revokeApiKey, h.revokeApiKeyHandler)

export const tenantApiKeysPlatform = createRouter().openapi(r.createTenantApiKey, h.createTenantApiKeyHandler)
