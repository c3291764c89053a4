import type { EntitlementType, ResourceType } from '@grantkit/connector-core';

//// Resource types ////

export const ResourceTypes = {
  /** The organization itself: the global resource, id `""`. */
  organization: 'organization',
  /** A team of the organization, nested teams included. */
  team: 'team',
  /** A repository owned by the organization. */
  repository: 'repository',
} as const;
export type GitHubResourceType = (typeof ResourceTypes)[keyof typeof ResourceTypes];

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { type_id: ResourceTypes.organization, type_label: 'Organization' },
  { type_id: ResourceTypes.team, type_label: 'Team' },
  { type_id: ResourceTypes.repository, type_label: 'Repository' },
];

//// Entitlement types ////

export const EntitlementTypes = {
  orgRole: 'org_role',
  teamMembership: 'team_membership',
  repositoryPermission: 'repository_permission',
} as const;
export type GitHubEntitlementType = (typeof EntitlementTypes)[keyof typeof EntitlementTypes];

export const ENTITLEMENT_TYPES: readonly EntitlementType[] = [
  {
    type_id: EntitlementTypes.orgRole,
    type_label: 'Organization role',
    resource_type_id: ResourceTypes.organization,
    min: 1,
    max: 1,
  },
  {
    type_id: EntitlementTypes.teamMembership,
    type_label: 'Team membership',
    resource_type_id: ResourceTypes.team,
    min: 0,
  },
  {
    type_id: EntitlementTypes.repositoryPermission,
    type_label: 'Repository permission',
    resource_type_id: ResourceTypes.repository,
    min: 0,
  },
];

//// Roles ////

/** An account's role in the organization; GitHub calls admins "owners". */
export const ORG_ROLES = ['member', 'admin'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const TEAM_ROLES = ['member', 'maintainer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Repository roles, weakest first, as GitHub names them in `role_name`. */
export const REPOSITORY_PERMISSIONS = ['read', 'triage', 'write', 'maintain', 'admin'] as const;
export type RepositoryPermission = (typeof REPOSITORY_PERMISSIONS)[number];

export const ORG_ROLE_LABELS: Record<OrgRole, string> = { member: 'Member', admin: 'Owner' };
export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  member: 'Member',
  maintainer: 'Maintainer',
};
export const REPOSITORY_PERMISSION_LABELS: Record<RepositoryPermission, string> = {
  read: 'Read',
  triage: 'Triage',
  write: 'Write',
  maintain: 'Maintain',
  admin: 'Admin',
};
