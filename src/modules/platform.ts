import { createRouter } from '../lib/router'
import { platformAuth } from '../middleware/auth'
import { idempotency } from '../middleware/idempotency'
import { tenantApiKeysPlatform } from './api-keys'
import { tenantsPlatform } from './tenants'

/** The operator's surface, under /v1/platform. */
export const platform = createRouter().use('*', platformAuth).use('*', idempotency).route('/', tenantsPlatform).route('/', tenantApiKeysPlatform)
