import { ConnectorError } from '@grantkit/connector-core';
import {
  EntitlementTypes,
  ORG_ROLES,
  type OrgRole,
  REPOSITORY_PERMISSIONS,
  type RepositoryPermission,
  ResourceTypes,
  TEAM_ROLES,
  type TeamRole,
} from './enums.ts';

/*
 * How this connector spells its ids. Every id can be parsed back without a request:
 *
 *   account      `<login>` for a member, `invitation:<id>` for a pending invitation
 *   resource     `""` (the organization), `team:<slug>`, `repo:<name>`
 *   entitlement  `org:<member|admin>`, `team:<slug>:<member|maintainer>`,
 *                `repo:<name>:<read|triage|write|maintain|admin>`
 *
 * Team slugs and repository names never contain `:` on GitHub, and the role is always the
 * part after the last `:`, so an id has exactly one reading. A name read from an id is
 * still untrusted: the client encodes it as one path segment (core's `urlPath`).
 */

export const ORG_RESOURCE_ID = '';
const INVITATION_PREFIX = 'invitation:';

//// Accounts ////

export type AccountRef =
  | { kind: 'member'; login: string }
  | { kind: 'invitation'; invitationId: number };

export function memberAccountId(login: string): string {
  return login;
}

export function invitationAccountId(invitationId: number): string {
  return `${INVITATION_PREFIX}${invitationId}`;
}

export function parseAccountId(id: string): AccountRef {
  if (id.startsWith(INVITATION_PREFIX)) {
    const number = id.slice(INVITATION_PREFIX.length);
    if (!/^[1-9][0-9]{0,15}$/.test(number)) {
      throw invalidId('account', id, '`invitation:<number>` for a pending invitation');
    }
    return { kind: 'invitation', invitationId: Number(number) };
  }
  if (id === '' || id.includes(':') || /\s/.test(id)) {
    throw invalidId('account', id, 'a GitHub login, or `invitation:<number>`');
  }
  return { kind: 'member', login: id };
}

//// Resources ////

export type ResourceRef =
  | { type: typeof ResourceTypes.organization }
  | { type: typeof ResourceTypes.team; slug: string }
  | { type: typeof ResourceTypes.repository; name: string };

export function teamResourceId(slug: string): string {
  return `team:${slug}`;
}

export function repositoryResourceId(name: string): string {
  return `repo:${name}`;
}

export function parseResourceId(id: string): ResourceRef {
  if (id === ORG_RESOURCE_ID) return { type: ResourceTypes.organization };
  const [prefix, name, ...rest] = id.split(':');
  if (rest.length === 0 && name !== undefined && name !== '') {
    if (prefix === 'team') return { type: ResourceTypes.team, slug: name };
    if (prefix === 'repo') return { type: ResourceTypes.repository, name };
  }
  throw invalidId('resource', id, '`""` (the organization), `team:<slug>` or `repo:<name>`');
}

//// Entitlements ////

export type EntitlementRef =
  | { type: typeof EntitlementTypes.orgRole; role: OrgRole }
  | { type: typeof EntitlementTypes.teamMembership; slug: string; role: TeamRole }
  | {
      type: typeof EntitlementTypes.repositoryPermission;
      name: string;
      permission: RepositoryPermission;
    };

export function orgRoleEntitlementId(role: OrgRole): string {
  return `org:${role}`;
}

export function teamEntitlementId(slug: string, role: TeamRole): string {
  return `${teamResourceId(slug)}:${role}`;
}

export function repositoryEntitlementId(name: string, permission: RepositoryPermission): string {
  return `${repositoryResourceId(name)}:${permission}`;
}

const ENTITLEMENT_FORMS =
  '`org:<member|admin>`, `team:<slug>:<member|maintainer>` or ' +
  '`repo:<name>:<read|triage|write|maintain|admin>`';

export function parseEntitlementId(id: string): EntitlementRef {
  const parts = id.split(':');
  const [prefix] = parts;
  if (prefix === 'org' && parts.length === 2) {
    const role = oneOf(ORG_ROLES, parts[1]);
    if (role !== undefined) return { type: EntitlementTypes.orgRole, role };
  }
  if (parts.length === 3 && parts[1] !== '') {
    const name = parts[1]!;
    if (prefix === 'team') {
      const role = oneOf(TEAM_ROLES, parts[2]);
      if (role !== undefined) return { type: EntitlementTypes.teamMembership, slug: name, role };
    }
    if (prefix === 'repo') {
      const permission = oneOf(REPOSITORY_PERMISSIONS, parts[2]);
      if (permission !== undefined) {
        return { type: EntitlementTypes.repositoryPermission, name, permission };
      }
    }
  }
  throw invalidId('entitlement', id, ENTITLEMENT_FORMS);
}

/** The resource id an entitlement belongs to. */
export function resourceIdOf(entitlement: EntitlementRef): string {
  switch (entitlement.type) {
    case EntitlementTypes.orgRole:
      return ORG_RESOURCE_ID;
    case EntitlementTypes.teamMembership:
      return teamResourceId(entitlement.slug);
    case EntitlementTypes.repositoryPermission:
      return repositoryResourceId(entitlement.name);
  }
}

//// Helpers ////

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return (values as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

function invalidId(what: string, id: string, expected: string): ConnectorError {
  return new ConnectorError(
    'invalid_value',
    `'${id}' is not a GitHub ${what} id of this connector; expected ${expected}`,
  );
}
