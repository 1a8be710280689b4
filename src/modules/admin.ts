import { createRouter } from '../lib/router'
import { adminAuth } from '../middleware/auth'
import { idempotency } from '../middleware/idempotency'
import { apiKeys } from './api-keys'
import { attendanceAdmin } from './attendance'
import { audit } from './audit'
import { billingAdmin } from './billing'
import { employees } from './employees'
import { enrollmentsAdmin } from './enrollments'
import { identityAdmin } from './identity'
import { programs } from './programs'
import { providers } from './providers'
import { sites } from './sites'
import { tenantSettings } from './tenants'

/** HR's surface, under /v1: every route needs a tenant API key. Mounted last, after the other surfaces. */
export const admin = createRouter()
  .use('*', adminAuth)
  .use('*', idempotency)
  .route('/', tenantSettings)
  .route('/', apiKeys)
  .route('/', audit)
  .route('/', sites)
  .route('/', programs)
  .route('/', providers)
  .route('/', employees)
  .route('/', identityAdmin)
  .route('/', enrollmentsAdmin)
  .route('/', attendanceAdmin)
  .route('/', billingAdmin)
