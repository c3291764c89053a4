import { z } from 'zod';
import { secret } from './secret.ts';

//// The credential types of the protocol, one schema each ////

export const OAuthCredentialSchema = z.object({
  access_token: secret('OAuth access token'),
});

export const OAuthClientCredentialSchema = z.object({
  access_token: secret('OAuth access token obtained with the client credentials grant'),
  client_id: z.string(),
  client_secret: secret('OAuth client secret'),
  scopes: z.array(z.string()).default([]),
});

export const OAuth1CredentialSchema = z.object({
  consumer_key: z.string(),
  consumer_secret: secret('OAuth 1.0a consumer secret'),
  token_id: z.string(),
  token_secret: secret('OAuth 1.0a token secret'),
});

export const BasicCredentialSchema = z.object({
  username: z.string(),
  password: secret('Password'),
});

export const TokenCredentialSchema = z.object({
  token: secret('API token'),
});

export const JwtHeadersSchema = z.looseObject({
  alg: z.string().optional(),
  kid: z.string().optional(),
  typ: z.string().optional(),
  jku: z.string().optional(),
  jwk: z.string().optional(),
  x5u: z.string().optional(),
  x5c: z.string().optional(),
  x5t: z.string().optional(),
  'x5t#S256': z.string().optional(),
  cty: z.string().optional(),
  crit: z.array(z.string()).optional(),
});

export const JwtClaimsSchema = z.looseObject({
  iss: z.string().optional(),
  sub: z.string().optional(),
  aud: z.string().optional(),
  exp: z.number().int().optional(),
  nbf: z.number().int().optional(),
  iat: z.number().int().optional(),
  jti: z.string().optional(),
  act: z.string().optional(),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
  client_id: z.string().optional(),
  may_act: z.string().optional(),
});

export const JwtCredentialSchema = z.object({
  headers: JwtHeadersSchema,
  claims: JwtClaimsSchema,
  secret: secret('Key that signs the JWT (an HMAC secret or a PEM private key)'),
});

export const CREDENTIAL_SCHEMAS = {
  oauth: OAuthCredentialSchema,
  oauth_client_credentials: OAuthClientCredentialSchema,
  oauth1: OAuth1CredentialSchema,
  basic: BasicCredentialSchema,
  token: TokenCredentialSchema,
  jwt: JwtCredentialSchema,
} as const;

export type CredentialType = keyof typeof CREDENTIAL_SCHEMAS;
export const CREDENTIAL_TYPES = Object.keys(CREDENTIAL_SCHEMAS) as CredentialType[];
export const CredentialTypeSchema = z.enum(
  CREDENTIAL_TYPES as [CredentialType, ...CredentialType[]],
);

export type OAuthCredential = z.infer<typeof OAuthCredentialSchema>;
export type OAuthClientCredential = z.infer<typeof OAuthClientCredentialSchema>;
export type OAuth1Credential = z.infer<typeof OAuth1CredentialSchema>;
export type BasicCredential = z.infer<typeof BasicCredentialSchema>;
export type TokenCredential = z.infer<typeof TokenCredentialSchema>;
export type JwtCredential = z.infer<typeof JwtCredentialSchema>;

/** The parsed value of each credential type, by its key. */
export type CredentialOf<T extends CredentialType> = z.infer<(typeof CREDENTIAL_SCHEMAS)[T]>;

export function isCredentialType(value: string): value is CredentialType {
  return Object.hasOwn(CREDENTIAL_SCHEMAS, value);
}
