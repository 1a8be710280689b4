import '../helpers/portal'
import { dayFromToday, providerWorld } from '../helpers/provider'
import { securitySuite } from '../helpers/security'

const provider = 'provider' as const
const today = dayFromToday(0)
const someChild = 'chd_01h455vb4pex5vsknk084sn02q'

securitySuite('GET /v1/provider/roster', {
  surface: provider,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/provider/roster?program_id=${(await providerWorld(t)).program.id}&date=${today}` }),
})
securitySuite('POST /v1/provider/check-ins', {
  surface: provider,
  method: 'POST',
  setup: async (t) => ({ path: '/v1/provider/check-ins', body: { program_id: (await providerWorld(t)).program.id, child_id: someChild } }),
})
securitySuite('POST /v1/provider/check-outs', {
  surface: provider,
  method: 'POST',
  setup: async (t) => ({
    path: '/v1/provider/check-outs',
    body: { program_id: (await providerWorld(t)).program.id, child_id: someChild, picked_up_by: { kind: 'guardian' } },
  }),
})
securitySuite('GET /v1/provider/feed', { surface: provider, method: 'GET', setup: async () => ({ path: '/v1/provider/feed' }) })
securitySuite('GET /v1/provider/attendance.csv', {
  surface: provider,
  method: 'GET',
  setup: async () => ({ path: `/v1/provider/attendance.csv?from=${today}&to=${today}` }),
})
securitySuite('GET /v1/programs/{program_id}/attendance', {
  surface: 'admin',
  method: 'GET',
  setup: async (t) => ({ path: `/v1/programs/${(await providerWorld(t)).program.id}/attendance?date=${today}` }),
})
