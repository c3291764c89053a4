import { defineIntegration, registerOAuth } from '@grantkit/connector-core';
import packageJson from '../package.json' with { type: 'json' };
import { readCapabilities } from './capabilities-read.ts';
import { writeCapabilities } from './capabilities-write.ts';
import { githubErrorHandler } from './client.ts';
import {
  DEFAULT_API_BASE_URL,
  OAUTH_AUTHORIZE_URL,
  OAUTH_SCOPES,
  OAUTH_TOKEN_URL,
} from './constants.ts';
import { ENTITLEMENT_TYPES, RESOURCE_TYPES } from './enums.ts';
import { type GitHubSettings, GitHubSettingsSchema } from './settings.ts';

const version = packageJson.version;

/** The GitHub connector: one organization's members, invitations, teams and repository access. */
export const integration = defineIntegration({
  appId: 'github',
  version,
  name: 'GitHub',
  description:
    "Manages a GitHub organization's members and invitations, team memberships and " +
    'direct repository permissions.',
  logoUrl: 'https://github.githubassets.com/favicons/favicon.svg',
  categories: ['developer_tools'],
  vendorDomain: 'github.com',
  auth: ['token', 'oauth'],
  settings: GitHubSettingsSchema,
  resourceTypes: RESOURCE_TYPES,
  entitlementTypes: ENTITLEMENT_TYPES,
  errorHandlers: [githubErrorHandler],
  oauthScopes: OAUTH_SCOPES,
});

const read = readCapabilities(version);
const write = writeCapabilities(version);

integration
  .register('validate_credentials', read.validate_credentials, {
    description: "Checks that the token can read the organization; returns the organization's id",
  })
  .register('list_accounts', read.list_accounts, {
    description: 'Organization members (bots as service accounts) and pending invitations',
  })
  .register('get_account', read.get_account)
  .register('list_resources', read.list_resources, {
    description: 'The organization (id ""), its teams (nested ones too) and repositories',
  })
  .register('list_entitlements', read.list_entitlements)
  .register('find_entitlement_associations', read.find_entitlement_associations, {
    description: 'Organization roles, direct team memberships and direct repository collaborators',
  })
  .register('create_account', write.create_account, {
    description: 'Invites a user (by username or email) with an organization role and teams',
  })
  .register('delete_account', write.delete_account, {
    description: 'Removes a member from the organization, or cancels a pending invitation',
  })
  .register('assign_entitlement', write.assign_entitlement)
  .register('unassign_entitlement', write.unassign_entitlement);
// GitHub has no suspension of organization members: activate/deactivate are not offered.

registerOAuth(integration, {
  authorizeUrl: (settings: GitHubSettings) => webUrl(settings, OAUTH_AUTHORIZE_URL),
  tokenUrl: (settings: GitHubSettings) => webUrl(settings, OAUTH_TOKEN_URL),
  scopes: ['read:org', 'admin:org', 'repo'],
  clientAuth: 'body',
  tokenRequestFormat: 'form',
  // GitHub answers the token endpoint in form encoding unless asked for JSON.
  tokenHeaders: { accept: 'application/json' },
  // GitHub answers 200 with one of these in `error` when a token request fails.
  errorCodes: {
    bad_verification_code: 'bad_request',
    redirect_uri_mismatch: 'bad_request',
    incorrect_client_credentials: 'unauthorized',
    bad_refresh_token: 'authentication_expired',
    unverified_user_email: 'permission_denied',
  },
});

/**
 * GitHub's OAuth pages live on the web host, not the API host: `github.com` for the public
 * API, and the server itself for GitHub Enterprise Server (`https://HOST/api/v3`).
 */
function webUrl(settings: GitHubSettings, publicUrl: string): string {
  if (settings.api_base_url.replace(/\/+$/, '') === DEFAULT_API_BASE_URL) return publicUrl;
  const url = new URL(publicUrl);
  return new URL(url.pathname, new URL(settings.api_base_url).origin).toString();
}
