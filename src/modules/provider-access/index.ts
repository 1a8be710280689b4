// The provider surface's access: the token endpoint's client authentication, the per-request
// contract check, and the scope every provider route works within.
export { authenticateClient, type ClientRow } from './access.repo'
export { type ContractDates, type ContractStatus, contractRefusal, contractStatusOn, outsideContractMessage, withinContract } from './access.rules'
export { type ContractScope, programInScope, providerAuth } from './provider-auth'
export { PROVIDER_TOKEN_TTL_S, signProviderToken } from './tokens'
