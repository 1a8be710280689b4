import { createRouter } from '../../lib/router'
import * as ch from './contracts.handlers'
import * as cr from './contracts.routes'
import * as kh from './credentials.handlers'
import * as kr from './credentials.routes'
import * as h from './providers.handlers'
import * as r from './providers.routes'

/** Providers, their contracts and the contracts' client credentials (admin surface, under /v1). */
export const providers = createRouter()
  .openapi(r.createProvider, h.createProviderHandler)
  .openapi(r.listProviders, h.listProvidersHandler)
  .openapi(r.getProvider, h.getProviderHandler)
  .openapi(r.updateProvider, h.updateProviderHandler)
  .openapi(r.deleteProvider, h.deleteProviderHandler)
  .openapi(cr.createContract, ch.createContractHandler)
  .openapi(cr.listContracts, ch.listContractsHandler)
  .openapi(cr.getContract, ch.getContractHandler)
  .openapi(cr.updateContract, ch.updateContractHandler)
  .openapi(cr.revokeContract, ch.revokeContractHandler)
  .openapi(kr.createCredential, kh.createCredentialHandler)
  .openapi(kr.listCredentials, kh.listCredentialsHandler)
  .openapi(kr.rotateCredential, kh.rotateCredentialHandler)
  .openapi(kr.revokeCredential, kh.revokeCredentialHandler)

/** For the provider surface's token endpoint: what a client id and secret look like. */
export { CLIENT_ID_PREFIX, CLIENT_SECRET_PREFIX } from './credentials.service'
