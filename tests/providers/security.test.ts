import { securitySuite } from '../helpers/security'
import { agency, createContract, createProgram, createProvider, issueCredential, summer } from './fixtures'

const admin = 'admin' as const

securitySuite('POST /v1/providers', { surface: admin, method: 'POST', setup: async () => ({ path: '/v1/providers', body: agency }) })
securitySuite('GET /v1/providers', { surface: admin, method: 'GET', setup: async () => ({ path: '/v1/providers' }) })
securitySuite('GET /v1/providers/{provider_id}', {
  surface: admin,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/providers/${(await createProvider(t)).id}` }),
})
securitySuite('PATCH /v1/providers/{provider_id}', {
  surface: admin,
  method: 'PATCH',
  setup: async (t) => ({ path: `/v1/providers/${(await createProvider(t)).id}`, body: { name: 'Renamed' } }),
})
securitySuite('DELETE /v1/providers/{provider_id}', {
  surface: admin,
  method: 'DELETE',
  setup: async (t) => ({ path: `/v1/providers/${(await createProvider(t)).id}` }),
})

securitySuite('POST /v1/contracts', {
  surface: admin,
  method: 'POST',
  setup: async (t) => ({
    path: '/v1/contracts',
    body: { provider_id: (await createProvider(t)).id, program_ids: [(await createProgram(t)).id], ...summer },
  }),
})
securitySuite('GET /v1/contracts', { surface: admin, method: 'GET', setup: async () => ({ path: '/v1/contracts' }) })
securitySuite('GET /v1/contracts/{contract_id}', {
  surface: admin,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/contracts/${(await createContract(t)).id}` }),
})
securitySuite('PATCH /v1/contracts/{contract_id}', {
  surface: admin,
  method: 'PATCH',
  setup: async (t) => ({ path: `/v1/contracts/${(await createContract(t)).id}`, body: { notes: 'changed' } }),
})
securitySuite('POST /v1/contracts/{contract_id}/revoke', {
  surface: admin,
  method: 'POST',
  setup: async (t) => ({ path: `/v1/contracts/${(await createContract(t)).id}/revoke` }),
})

securitySuite('POST /v1/contracts/{contract_id}/credentials', {
  surface: admin,
  method: 'POST',
  setup: async (t) => ({ path: `/v1/contracts/${(await createContract(t)).id}/credentials`, body: { name: 'front desk' } }),
})
securitySuite('GET /v1/contracts/{contract_id}/credentials', {
  surface: admin,
  method: 'GET',
  setup: async (t) => ({ path: `/v1/contracts/${(await createContract(t)).id}/credentials` }),
})
const credentialPath = async (t: Parameters<typeof createContract>[0]) => {
  const contract = await createContract(t)
  return `/v1/contracts/${contract.id}/credentials/${(await issueCredential(t, contract.id)).client_id}`
}
securitySuite('POST /v1/contracts/{contract_id}/credentials/{client_id}/rotate', {
  surface: admin,
  method: 'POST',
  setup: async (t) => ({ path: `${await credentialPath(t)}/rotate`, body: { grace_period_seconds: 60 } }),
})
securitySuite('DELETE /v1/contracts/{contract_id}/credentials/{client_id}', {
  surface: admin,
  method: 'DELETE',
  setup: async (t) => ({ path: await credentialPath(t) }),
})
