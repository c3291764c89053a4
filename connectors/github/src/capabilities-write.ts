import {
  type CapabilityResponse,
  type CapabilityResult,
  ConnectorError,
} from '@grantkit/connector-core';
import { type Args, findInvitation, invitationRole } from './capabilities-read.ts';
import { clientForCall, type GitHubClient } from './client.ts';
import { ENTITLEMENT_TYPES, EntitlementTypes, type OrgRole } from './enums.ts';
import {
  type EntitlementRef,
  invitationAccountId,
  memberAccountId,
  parseAccountId,
  parseEntitlementId,
  resourceIdOf,
} from './ids.ts';

type GrantArgs = Args<'assign_entitlement'> | Args<'unassign_entitlement'>;

/**
 * The write capabilities. Each one is idempotent: it reads the current state first and
 * changes only what differs, so a retried call succeeds without a second change (and
 * without a second notification email from GitHub).
 */
export function writeCapabilities(version: string) {
  return {
    //// create_account: an organization invitation ////

    async create_account(
      args: Args<'create_account'>,
    ): Promise<CapabilityResult<CapabilityResponse<'create_account'>>> {
      const client = clientForCall(args, version);
      const { request } = args;
      const { role, teamSlugs } = invitationGrants(request.entitlements);
      const login = request.username ?? undefined;
      const email = request.email ?? undefined;
      if (login === undefined && email === undefined) {
        throw new ConnectorError(
          'bad_request',
          'create_account needs `username` (an existing GitHub user) or `email` to invite',
        );
      }

      const existing = await findExisting(client, login, email);
      if (existing !== undefined) return { response: { ...existing, created: true } };

      const teamIds = await Promise.all(teamSlugs.map((slug) => teamId(client, slug)));
      let inviteeId: number | undefined;
      if (login !== undefined) {
        const user = await client.getUser(login);
        if (user === undefined) {
          throw new ConnectorError('not_found', `GitHub has no user '${login}' to invite`);
        }
        inviteeId = user.id;
      }
      const invitation = await client.createInvitation({
        ...(inviteeId === undefined ? { email: email! } : { invitee_id: inviteeId }),
        role: invitationRole(role),
        team_ids: teamIds,
      });
      return {
        response: { id: invitationAccountId(invitation.id), status: 'PENDING', created: true },
        rawData: invitation,
      };
    },

    //// delete_account: remove the member, or cancel the invitation ////

    async delete_account(
      args: Args<'delete_account'>,
    ): Promise<CapabilityResult<CapabilityResponse<'delete_account'>>> {
      const client = clientForCall(args, version);
      const ref = parseAccountId(args.request.account_id);
      const removed =
        ref.kind === 'invitation'
          ? await client.cancelInvitation(ref.invitationId)
          : await client.removeOrgMembership(ref.login);
      args.logger.debug(removed ? 'account removed' : 'account was already gone', {
        account_id: args.request.account_id,
      });
      // Already gone is success: the account is deleted either way.
      return { response: { status: 'DELETED', deleted: true } };
    },

    //// assign_entitlement ////

    async assign_entitlement(
      args: Args<'assign_entitlement'>,
    ): Promise<CapabilityResult<{ assigned: true }>> {
      const client = clientForCall(args, version);
      const { login, entitlement } = readGrant(args);
      switch (entitlement.type) {
        case EntitlementTypes.orgRole: {
          const membership = await client.getOrgMembership(login);
          if (membership?.role !== entitlement.role) {
            await client.setOrgMembership(login, entitlement.role);
          }
          break;
        }
        case EntitlementTypes.teamMembership:
          await requireTeam(client, entitlement.slug);
          await client.setTeamMembership(entitlement.slug, login, entitlement.role);
          break;
        case EntitlementTypes.repositoryPermission:
          await client.setCollaborator(entitlement.name, login, entitlement.permission);
          break;
      }
      return { response: { assigned: true } };
    },

    //// unassign_entitlement ////

    async unassign_entitlement(
      args: Args<'unassign_entitlement'>,
    ): Promise<CapabilityResult<{ unassigned: true }>> {
      const client = clientForCall(args, version);
      const { login, entitlement } = readGrant(args);
      switch (entitlement.type) {
        case EntitlementTypes.orgRole:
          await unassignOrgRole(client, login, entitlement.role);
          break;
        case EntitlementTypes.teamMembership: {
          await requireTeam(client, entitlement.slug);
          const membership = await client.getTeamMembership(entitlement.slug, login);
          if (membership?.role === entitlement.role) {
            await client.removeTeamMembership(entitlement.slug, login);
          }
          break;
        }
        case EntitlementTypes.repositoryPermission: {
          const role = await client.getRepositoryRole(entitlement.name, login);
          if (role === entitlement.permission) {
            await client.removeCollaborator(entitlement.name, login);
          }
          break;
        }
      }
      return { response: { unassigned: true } };
    },
  };
}

//// Steps ////

/**
 * What an invitation can carry: one organization role (member by default) and team
 * memberships as a member. Maintainer roles and repository permissions need an accepted
 * member, so they are refused here rather than silently dropped.
 */
function invitationGrants(entitlements: Args<'create_account'>['request']['entitlements']): {
  role: OrgRole;
  teamSlugs: string[];
} {
  const roles: OrgRole[] = [];
  const teamSlugs: string[] = [];
  for (const requested of entitlements) {
    const entitlement = parseEntitlementId(requested.integration_specific_id);
    checkType(entitlement, requested.entitlement_type, requested.integration_specific_id);
    if (entitlement.type === EntitlementTypes.orgRole) {
      roles.push(entitlement.role);
    } else if (
      entitlement.type === EntitlementTypes.teamMembership &&
      entitlement.role === 'member'
    ) {
      teamSlugs.push(entitlement.slug);
    } else {
      throw new ConnectorError(
        'bad_request',
        `create_account cannot grant '${requested.integration_specific_id}': a GitHub ` +
          'invitation carries only the organization role and team memberships as member; ' +
          'assign it with assign_entitlement once the invitation is accepted',
      );
    }
  }
  if (new Set(roles).size > 1) {
    throw new ConnectorError(
      'bad_request',
      `create_account got several organization roles (${roles.join(', ')}); send one`,
    );
  }
  return { role: roles[0] ?? 'member', teamSlugs: [...new Set(teamSlugs)] };
}

/** The account a retried create_account already made: a member or a pending invitation. */
async function findExisting(
  client: GitHubClient,
  login: string | undefined,
  email: string | undefined,
): Promise<{ id: string; status: 'ACTIVE' | 'PENDING' } | undefined> {
  if (login !== undefined) {
    const membership = await client.getOrgMembership(login);
    if (membership?.state === 'active') {
      return { id: memberAccountId(membership.user?.login ?? login), status: 'ACTIVE' };
    }
  }
  const wantedLogin = login?.toLowerCase();
  const wantedEmail = email?.toLowerCase();
  const found = await findInvitation(
    client,
    (invitation) =>
      (wantedLogin !== undefined && invitation.login?.toLowerCase() === wantedLogin) ||
      (wantedEmail !== undefined && invitation.email?.toLowerCase() === wantedEmail),
  );
  return found && { id: invitationAccountId(found.invitation.id), status: 'PENDING' };
}

async function teamId(client: GitHubClient, slug: string): Promise<number> {
  return (await requireTeam(client, slug)).id;
}

async function requireTeam(client: GitHubClient, slug: string): Promise<{ id: number }> {
  const team = await client.getTeam(slug);
  if (team === undefined) {
    throw new ConnectorError(
      'not_found',
      `The GitHub organization '${client.org}' has no team '${slug}' that this token can see`,
    );
  }
  return team;
}

/**
 * Every member holds exactly one organization role. Unassigning `admin` makes an owner a
 * member; `member` cannot be taken away without removing the member (delete_account).
 */
async function unassignOrgRole(client: GitHubClient, login: string, role: OrgRole) {
  const membership = await client.getOrgMembership(login);
  if (membership === undefined || membership.role !== role) return;
  if (role === 'admin') {
    await client.setOrgMembership(login, 'member');
    return;
  }
  throw new ConnectorError(
    'unsupported_operation',
    `Every member of a GitHub organization holds one role, so '${login}' cannot lose ` +
      '`org:member` alone; call delete_account to remove the member, or assign `org:admin`',
  );
}

/** The account and entitlement of an assign or unassign request, checked for coherence. */
function readGrant(args: GrantArgs): { login: string; entitlement: EntitlementRef } {
  const request = args.request;
  const account = parseAccountId(request.account_integration_specific_id);
  if (account.kind === 'invitation') {
    throw new ConnectorError(
      'unsupported_operation',
      `'${request.account_integration_specific_id}' is a pending invitation; GitHub grants ` +
        'access only once it is accepted (create_account can invite to teams)',
    );
  }
  const id = request.entitlement_integration_specific_id;
  const entitlement = parseEntitlementId(id);
  checkType(entitlement, request.entitlement_type, id);
  const resourceId = resourceIdOf(entitlement);
  if (request.resource_integration_specific_id !== resourceId) {
    throw new ConnectorError(
      'bad_request',
      `Entitlement '${id}' belongs to resource '${resourceId}', not ` +
        `'${request.resource_integration_specific_id}'`,
    );
  }
  const resourceType = ENTITLEMENT_TYPES.find((type) => type.type_id === entitlement.type);
  if (request.resource_type !== resourceType?.resource_type_id) {
    throw new ConnectorError(
      'bad_request',
      `Entitlement '${id}' belongs to a resource of type '${resourceType?.resource_type_id}', ` +
        `not '${request.resource_type}'`,
    );
  }
  return { login: account.login, entitlement };
}

function checkType(entitlement: EntitlementRef, sent: string, id: string): void {
  if (sent !== entitlement.type) {
    throw new ConnectorError(
      'bad_request',
      `Entitlement '${id}' is of type '${entitlement.type}', not '${sent}'`,
    );
  }
}
