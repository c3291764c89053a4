export {
  type AuthorizationUrl,
  type AuthorizationUrlOptions,
  buildAuthorizationUrl,
} from './authorization-url.ts';
export { type SignJwtOptions, signJwtAssertion } from './jwt.ts';
export { createPkcePair, type PkcePair, pkceChallenge } from './pkce.ts';
export {
  type OAuthGrant,
  type OAuthOptions,
  registerOAuth,
  type SettingsUrl,
} from './register.ts';
export { type GrantType, type TokenErrorDetails, tokenEndpointError } from './token-error.ts';
export {
  type ClientAuthMethod,
  type ClientCredentialsGrantOptions,
  clientCredentialsGrant,
  type ExchangeCodeOptions,
  exchangeCode,
  type JwtBearerGrantOptions,
  jwtBearerGrant,
  type OAuthClient,
  type RefreshAccessTokenOptions,
  refreshAccessToken,
  requestToken,
  type TokenEndpointOptions,
  type TokenRequestFormat,
  type TokenRequestOptions,
  type TokenResponse,
} from './token-request.ts';
