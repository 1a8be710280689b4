import { INVITATION_CODE, TOKEN_EXCHANGE } from '../token.schemas'
import { clientCredentialsGrant } from './client-credentials.grant'
import type { Grant } from './grant'
import { invitationCodeGrant } from './invitation-code.grant'
import { refreshTokenGrant } from './refresh-token.grant'
import { tokenExchangeGrant } from './token-exchange.grant'

/** The grant types of POST /v1/oauth/token. A new one (e.g. `client_credentials` for providers) is one more entry. */
export const grants: Readonly<Record<string, Grant>> = {
  [TOKEN_EXCHANGE]: tokenExchangeGrant,
  [INVITATION_CODE]: invitationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
}

export type { Grant, TokenSet } from './grant'
