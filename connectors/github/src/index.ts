export { readCapabilities } from './capabilities-read.ts';
export { writeCapabilities } from './capabilities-write.ts';
export {
  ETagCache,
  GitHubClient,
  type GitHubClientOptions,
  githubErrorHandler,
} from './client.ts';
export { DEFAULT_API_BASE_URL, GITHUB_API_VERSION, OAUTH_SCOPES } from './constants.ts';
export {
  ENTITLEMENT_TYPES,
  EntitlementTypes,
  type GitHubEntitlementType,
  type GitHubResourceType,
  ORG_ROLES,
  type OrgRole,
  REPOSITORY_PERMISSIONS,
  RESOURCE_TYPES,
  type RepositoryPermission,
  ResourceTypes,
  TEAM_ROLES,
  type TeamRole,
} from './enums.ts';
export {
  type AccountRef,
  type EntitlementRef,
  ORG_RESOURCE_ID,
  parseAccountId,
  parseEntitlementId,
  parseResourceId,
  type ResourceRef,
} from './ids.ts';
export { integration } from './integration.ts';
export { type GitHubSettings, GitHubSettingsSchema } from './settings.ts';
