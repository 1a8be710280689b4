import { createRouter } from '../lib/router'
import { idempotency } from '../middleware/idempotency'
import { noStore } from '../middleware/no-store'
import { attendanceProvider } from './attendance'
import { providerAuth } from './provider-access'
import { providerFeed } from './provider-feed'
import { roster } from './roster'

/**
 * The contracted providers' surface, under /v1/provider: every route needs a contract access
 * token (checked against the contract on every request), is not cached, and honours
 * Idempotency-Key on POST.
 */
export const provider = createRouter()
  .use('*', noStore)
  .use('*', providerAuth)
  .use('*', idempotency)
  .route('/', roster)
  .route('/', attendanceProvider)
  .route('/', providerFeed)
