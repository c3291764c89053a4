import {
  type CapabilityArgs,
  type CapabilityRequest,
  type CapabilityResult,
  ConnectorError,
  discoverEndpoints,
  type Endpoint,
  type FoundAccountData,
  type FoundEntitlementAssociation,
  type FoundEntitlementData,
  type FoundResourceData,
  iterateItems,
  type StandardCapabilityName,
  urlPath,
  type WalkPosition,
} from '@grantkit/connector-core';
import type { z } from 'zod';
import {
  type Collaborator,
  CollaboratorSchema,
  clientForCall,
  type GitHubClient,
  type Invitation,
  InvitationSchema,
  type Organization,
  type Repository,
  RepositorySchema,
  type SimpleUser,
  SimpleUserSchema,
  type Team,
  type TeamMember,
  TeamMemberSchema,
  TeamSchema,
} from './client.ts';
import {
  EntitlementTypes,
  ORG_ROLE_LABELS,
  ORG_ROLES,
  type OrgRole,
  REPOSITORY_PERMISSION_LABELS,
  REPOSITORY_PERMISSIONS,
  type RepositoryPermission,
  ResourceTypes,
  TEAM_ROLE_LABELS,
  TEAM_ROLES,
  type TeamRole,
} from './enums.ts';
import {
  invitationAccountId,
  memberAccountId,
  ORG_RESOURCE_ID,
  orgRoleEntitlementId,
  parseAccountId,
  parseResourceId,
  repositoryEntitlementId,
  repositoryResourceId,
  teamEntitlementId,
  teamResourceId,
} from './ids.ts';
import {
  cursorUrl,
  fillListingPage,
  githubEndpoint,
  PageSource,
  type Phase,
  resultsPerPage,
  staticEndpoint,
} from './pagination.ts';
import type { GitHubSettings } from './settings.ts';

export type Args<N extends StandardCapabilityName> = CapabilityArgs<
  CapabilityRequest<N>,
  GitHubSettings
>;
type ReadName =
  | 'validate_credentials'
  | 'list_accounts'
  | 'get_account'
  | 'list_resources'
  | 'list_entitlements'
  | 'find_entitlement_associations';

/** Scopes that let a classic token or OAuth token read the organization's members. */
const ORG_READ_SCOPES = ['read:org', 'write:org', 'admin:org'];

/** The read capabilities, given the connector version (sent in the User-Agent). */
export function readCapabilities(version: string) {
  const connect = (args: Args<ReadName>): GitHubClient => clientForCall(args, version);

  return {
    //// validate_credentials ////

    async validate_credentials(
      args: Args<'validate_credentials'>,
    ): Promise<CapabilityResult<{ valid: true; unique_tenant_id: string }>> {
      const client = connect(args);
      const { org, scopes } = await readOrganization(client);
      if (scopes !== undefined && !scopes.some((scope) => ORG_READ_SCOPES.includes(scope))) {
        throw new ConnectorError(
          'permission_denied',
          `The token can see the organization '${client.org}' but lacks the \`read:org\` scope ` +
            `(it has: ${scopes.length > 0 ? scopes.join(', ') : 'no scopes'}); grant \`read:org\` ` +
            '(and `admin:org` for writes and invitations)',
          { appErrorCode: 'github.missing_scope' },
        );
      }
      if (scopes === undefined) {
        // App and fine-grained tokens carry no scope header: one small read proves access.
        await client.listPage(client.listUrl(urlPath`/orgs/${client.org}/teams`), TeamSchema);
      }
      return { response: { valid: true, unique_tenant_id: String(org.id) }, rawData: org };
    },

    //// Accounts ////

    async list_accounts(args: Args<'list_accounts'>) {
      const client = connect(args);
      const source = pageSource(client, args.settings);
      const endpoints = [
        ...ORG_ROLES.map((role) =>
          githubEndpoint({
            id: `members:${role}`,
            url: client.listUrl(urlPath`/orgs/${client.org}/members`, { role }),
            schema: SimpleUserSchema,
            source,
            map: (user) => [memberAccount(user, role)],
          }),
        ),
        ...invitationEndpoints(client, source, args.settings, (invitation, role) => [
          invitationAccount(invitation, role),
        ]),
      ];
      return listing(args, source, [{ name: 'accounts', endpoints }]);
    },

    async get_account(args: Args<'get_account'>): Promise<CapabilityResult<FoundAccountData>> {
      const client = connect(args);
      const ref = parseAccountId(args.request.account_id);
      if (ref.kind === 'invitation') {
        const found = await findInvitation(client, (inv) => inv.id === ref.invitationId);
        if (found === undefined) throw accountNotFound(client, args.request.account_id);
        return { response: invitationAccount(found.invitation, found.role), rawData: found };
      }
      const membership = await client.getOrgMembership(ref.login);
      if (membership === undefined || membership.state !== 'active') {
        throw accountNotFound(client, args.request.account_id, membership?.state === 'pending');
      }
      const user = (await client.getUser(ref.login)) ?? membership.user;
      if (user == null) throw accountNotFound(client, args.request.account_id);
      const role: OrgRole = membership.role === 'admin' ? 'admin' : 'member';
      return { response: memberAccount(user, role), rawData: { membership, user } };
    },

    //// Resources ////

    async list_resources(args: Args<'list_resources'>) {
      const client = connect(args);
      const source = pageSource(client, args.settings);
      const phases: Phase<FoundResourceData>[] = [
        {
          name: ResourceTypes.organization,
          endpoints: [
            staticEndpoint('organization', async () => {
              const { org } = await readOrganization(client);
              source.raw.push(org);
              return [organizationResource(org)];
            }),
          ],
        },
        {
          name: ResourceTypes.team,
          endpoints: [teamsEndpoint(client, source, (team) => [teamResource(team)])],
        },
        {
          name: ResourceTypes.repository,
          endpoints: [reposEndpoint(client, source, (repo) => [repositoryResource(repo)])],
        },
      ];
      return listing(args, source, onlyType(phases, args.request.resource_type));
    },

    //// Entitlements ////

    async list_entitlements(args: Args<'list_entitlements'>) {
      const client = connect(args);
      const { resource_type: type, resource_integration_specific_id: resourceId } = args.request;
      if (resourceId != null) {
        return { response: await entitlementsOfResource(client, resourceId, type) };
      }
      const source = pageSource(client, args.settings);
      const phases: Phase<FoundEntitlementData>[] = [
        {
          name: ResourceTypes.organization,
          endpoints: [staticEndpoint('organization', async () => orgEntitlements())],
        },
        {
          name: ResourceTypes.team,
          endpoints: [teamsEndpoint(client, source, teamEntitlements)],
        },
        {
          name: ResourceTypes.repository,
          endpoints: [reposEndpoint(client, source, repositoryEntitlements)],
        },
      ];
      return listing(args, source, onlyType(phases, type));
    },

    //// Associations ////

    async find_entitlement_associations(args: Args<'find_entitlement_associations'>) {
      const client = connect(args);
      const ahead = aheadOf(args.settings);
      const source = pageSource(client, args.settings);
      const org = client.org;

      const membersUrl = (role: OrgRole): URL =>
        client.listUrl(urlPath`/orgs/${org}/members`, { role });
      const orgRoles = [
        ...ORG_ROLES.map((role) =>
          githubEndpoint({
            id: `members:${role}`,
            url: membersUrl(role),
            schema: SimpleUserSchema,
            source,
            map: (user) => [association(user.login, orgRoleEntitlementId(role), ORG_RESOURCE_ID)],
          }),
        ),
        ...invitationEndpoints(client, source, args.settings, (invitation, role) => [
          association(
            invitationAccountId(invitation.id),
            orgRoleEntitlementId(role),
            ORG_RESOURCE_ID,
          ),
        ]),
      ];
      // The four lists are short and independent: their first pages go out together.
      const warmOrgRoles = (position: WalkPosition | undefined): void => {
        if (position !== undefined) return;
        for (const role of ORG_ROLES) {
          source.warm(membersUrl(role), SimpleUserSchema);
          if (args.settings.include_invitations) {
            source.warm(invitationsUrl(client, role), InvitationSchema);
          }
        }
      };

      const teams = fanOutPhase(source, ahead, {
        name: ResourceTypes.team,
        parents: (onPage) => teamsEndpoint(client, source, (team) => [team], onPage),
        parentsUrl: teamsUrl(client),
        parentSchema: TeamSchema,
        childId: (team) => teamResourceId(team.slug),
        childUrl: (childId) => {
          const slug = childId.slice(teamResourceId('').length);
          return client.listUrl(urlPath`/orgs/${org}/teams/${slug}/members`, { role: 'all' });
        },
        childSchema: TeamMemberSchema,
        map: teamMemberAssociations,
      });
      const repos = fanOutPhase(source, ahead, {
        name: ResourceTypes.repository,
        parents: (onPage) => reposEndpoint(client, source, (repo) => [repo], onPage),
        parentsUrl: reposUrl(client),
        parentSchema: RepositorySchema,
        childId: (repo) => repositoryResourceId(repo.name),
        childUrl: (childId) => {
          const name = childId.slice(repositoryResourceId('').length);
          return client.listUrl(urlPath`/repos/${org}/${name}/collaborators`, {
            affiliation: 'direct',
          });
        },
        childSchema: CollaboratorSchema,
        map: collaboratorAssociations,
      });

      return listing<FoundEntitlementAssociation>(args, source, [
        { name: ResourceTypes.organization, endpoints: orgRoles, warm: warmOrgRoles },
        teams,
        repos,
      ]);
    },
  };
}

//// Listing helpers ////

async function listing<Item>(
  args: Args<ReadName>,
  source: PageSource,
  phases: readonly Phase<Item>[],
): Promise<CapabilityResult<Item[]>> {
  try {
    const size = resultsPerPage(args.page.size);
    source.expect(size);
    const page = await fillListingPage({
      capability: args.capability,
      phases,
      token: args.page.token,
      size,
      signal: args.signal,
    });
    return {
      response: page.items,
      nextPageToken: page.nextPageToken,
      ...(args.includeRawData ? { rawData: source.raw } : {}),
    };
  } finally {
    await source.close();
  }
}

/** Pages and endpoints fetched ahead: twice the concurrency keeps every slot busy. */
function aheadOf(settings: GitHubSettings): number {
  return settings.max_concurrent_requests * 2;
}

function pageSource(client: GitHubClient, settings: GitHubSettings): PageSource {
  return new PageSource(client, {
    concurrency: settings.max_concurrent_requests,
    ahead: aheadOf(settings),
  });
}

function onlyType<Item>(phases: Phase<Item>[], type: string | null | undefined): Phase<Item>[] {
  if (type == null) return phases;
  const kept = phases.filter((phase) => phase.name === type);
  if (kept.length === 0) throw unknownResourceType(type);
  return kept;
}

interface FanOutSpec<Parent, Child> {
  /** The phase name (kept in page tokens). */
  name: string;
  /** The parents' list, reporting each page it reads to `onPage`. */
  parents: (onPage: (items: Parent[], next: string | undefined) => void) => Endpoint<Parent>;
  parentsUrl: URL;
  parentSchema: z.ZodType<Parent>;
  /** The id of a parent's own list (its resource id, e.g. `team:<slug>`), kept in tokens. */
  childId: (parent: Parent) => string;
  /** The first page of the list of a `childId`. */
  childUrl: (childId: string) => URL;
  childSchema: z.ZodType<Child>;
  map: (parent: Parent, child: Child) => FoundEntitlementAssociation[];
}

/**
 * A phase that fans out over a parent list (each team's members, each repository's
 * collaborators), fetching ahead: when the walker reaches a parent, its own list and the
 * first pages of the next parents are started, `ahead` of them at most and no more than
 * the room left in the response is likely to take (from the results each list gave so
 * far); near the end of a page of parents, its next page too. Resuming from a token, the
 * parents' page and the child list it points into are fetched together.
 */
function fanOutPhase<Parent extends { id: number }, Child>(
  source: PageSource,
  ahead: number,
  spec: FanOutSpec<Parent, Child>,
): Phase<FoundEntitlementAssociation> {
  const parents: Parent[] = [];
  const index = new Map<number, number>();
  let nextParents: string | undefined;
  let reachedCount = 0;
  let results = 0;
  const warmChild = (childId: string, cursor?: string | number): void =>
    warmAt(source, spec.childUrl(childId), cursor, spec.childSchema);

  const onPage = (items: Parent[], next: string | undefined): void => {
    for (const item of items) {
      if (index.has(item.id)) continue;
      index.set(item.id, parents.length);
      parents.push(item);
    }
    nextParents = next;
  };

  const reached = (parent: Parent): void => {
    reachedCount += 1;
    const done = reachedCount - 1;
    const perList = done > 0 ? Math.max(1, results / done) : undefined;
    const likely = perList === undefined ? ahead : Math.ceil(source.room / perList) + 1;
    const wanted = Math.min(ahead, likely);
    // This parent's own list first: the walker asks for it next, and the queue is FIFO.
    warmChild(spec.childId(parent));
    const at = index.get(parent.id) ?? -1;
    for (const next of parents.slice(at + 1, at + 1 + wanted)) warmChild(spec.childId(next));
    if (nextParents !== undefined && at + wanted >= parents.length) {
      source.warm(new URL(nextParents), spec.parentSchema);
      nextParents = undefined;
    }
  };

  return {
    name: spec.name,
    endpoints: discoverEndpoints([spec.parents(onPage)], (parent: Parent) => {
      reached(parent);
      const id = spec.childId(parent);
      return githubEndpoint({
        id,
        url: spec.childUrl(id),
        schema: spec.childSchema,
        source,
        map: (child) => spec.map(parent, child),
        onProduced: (count) => {
          results += count;
        },
      });
    }),
    warm: (position) => {
      warmAt(source, spec.parentsUrl, position?.[0]?.cursor, spec.parentSchema);
      const inner = position?.[1];
      if (inner?.endpoint === undefined) return;
      try {
        warmChild(inner.endpoint, inner.cursor);
      } catch {
        // Only a head start: the walker checks the token's position itself, and lists the
        // parent found there from its start when the saved list is not that parent's.
      }
    },
  };
}

/** Starts fetching the page a saved cursor points at (see `cursorUrl`). */
function warmAt<T>(
  source: PageSource,
  first: URL,
  cursor: string | number | undefined,
  schema: z.ZodType<T>,
): void {
  const url = cursorUrl(first, cursor);
  if (url !== undefined) source.warm(url, schema);
}

function teamsUrl(client: GitHubClient): URL {
  return client.listUrl(urlPath`/orgs/${client.org}/teams`);
}

function reposUrl(client: GitHubClient): URL {
  return client.listUrl(urlPath`/orgs/${client.org}/repos`, { type: 'all', sort: 'full_name' });
}

/** The teams list; with `onPage`, the parents of a fan-out over their members. */
function teamsEndpoint<Item>(
  client: GitHubClient,
  source: PageSource,
  map: (team: Team) => Item[],
  onPage?: (teams: Team[], next: string | undefined) => void,
) {
  return githubEndpoint({
    id: 'teams',
    url: teamsUrl(client),
    schema: TeamSchema,
    source,
    map,
    ...(onPage ? { onPage, kind: 'parents' as const } : {}),
  });
}

/** The repositories list; with `onPage`, the parents of a fan-out over collaborators. */
function reposEndpoint<Item>(
  client: GitHubClient,
  source: PageSource,
  map: (repo: Repository) => Item[],
  onPage?: (repos: Repository[], next: string | undefined) => void,
) {
  return githubEndpoint({
    id: 'repos',
    url: reposUrl(client),
    schema: RepositorySchema,
    source,
    map,
    ...(onPage ? { onPage, kind: 'parents' as const } : {}),
  });
}

/** Pending invitations for the two member roles; other roles (billing managers) are not members. */
function invitationEndpoints<Item>(
  client: GitHubClient,
  source: PageSource,
  settings: GitHubSettings,
  map: (invitation: Invitation, role: OrgRole) => Item[],
) {
  if (!settings.include_invitations) return [];
  return ORG_ROLES.map((role) =>
    githubEndpoint({
      id: `invitations:${role}`,
      url: invitationsUrl(client, role),
      schema: InvitationSchema,
      source,
      map: (invitation) => map(invitation, role),
    }),
  );
}

function invitationsUrl(client: GitHubClient, role: OrgRole): URL {
  return client.listUrl(urlPath`/orgs/${client.org}/invitations`, { role: invitationRole(role) });
}

/** GitHub calls the member role of an invitation `direct_member`. */
export function invitationRole(role: OrgRole): 'admin' | 'direct_member' {
  return role === 'admin' ? 'admin' : 'direct_member';
}

/** The pending invitation matching `test`, read page by page (invitations are few). */
export async function findInvitation(
  client: GitHubClient,
  test: (invitation: Invitation) => boolean,
): Promise<{ invitation: Invitation; role: OrgRole } | undefined> {
  const source = new PageSource(client, { concurrency: 1, ahead: 1 });
  try {
    const endpoints = ORG_ROLES.map((role) =>
      githubEndpoint({
        id: `invitations:${role}`,
        url: invitationsUrl(client, role),
        schema: InvitationSchema,
        source,
        map: (invitation) => [{ invitation, role }],
      }),
    );
    for await (const found of iterateItems(endpoints)) {
      if (test(found.invitation)) return found;
    }
    return undefined;
  } finally {
    await source.close();
  }
}

async function readOrganization(
  client: GitHubClient,
): Promise<{ org: Organization; scopes: string[] | undefined }> {
  try {
    return await client.getOrganization();
  } catch (error) {
    if ((error as { response?: { status?: number } }).response?.status === 404) {
      throw new ConnectorError(
        'not_found',
        `GitHub has no organization '${client.org}' that this token can see; check the ` +
          '`organization` setting, and that the token belongs to a member of it',
        { statusCode: 404, cause: error },
      );
    }
    throw error;
  }
}

//// Mapping GitHub objects to the protocol ////

function memberAccount(user: SimpleUser, role: OrgRole): FoundAccountData {
  return {
    integration_specific_id: memberAccountId(user.login),
    username: user.login,
    email: user.email ?? null,
    user_status: 'ACTIVE',
    account_type: user.type === 'Bot' ? 'service' : 'user',
    extra_data: { github_id: user.id, name: user.name ?? null, org_role: role },
  };
}

function invitationAccount(invitation: Invitation, role: OrgRole): FoundAccountData {
  return {
    integration_specific_id: invitationAccountId(invitation.id),
    username: invitation.login,
    email: invitation.email,
    user_status: 'PENDING',
    account_type: 'user',
    extra_data: {
      invitation_id: invitation.id,
      org_role: role,
      invited_at: invitation.created_at,
      inviter: invitation.inviter?.login ?? null,
      team_count: invitation.team_count ?? 0,
    },
  };
}

function organizationResource(org: Organization): FoundResourceData {
  return {
    integration_specific_id: ORG_RESOURCE_ID,
    label: org.name ?? org.login,
    resource_type: ResourceTypes.organization,
    extra_data: { github_id: org.id, login: org.login, description: org.description ?? null },
  };
}

function teamResource(team: Team): FoundResourceData {
  return {
    integration_specific_id: teamResourceId(team.slug),
    label: team.name,
    resource_type: ResourceTypes.team,
    extra_data: {
      github_id: team.id,
      slug: team.slug,
      description: team.description,
      privacy: team.privacy ?? null,
      parent_resource_id: team.parent ? teamResourceId(team.parent.slug) : null,
    },
  };
}

function repositoryResource(repo: Repository): FoundResourceData {
  return {
    integration_specific_id: repositoryResourceId(repo.name),
    label: repo.full_name,
    resource_type: ResourceTypes.repository,
    extra_data: {
      github_id: repo.id,
      private: repo.private,
      visibility: repo.visibility ?? (repo.private ? 'private' : 'public'),
      archived: repo.archived ?? false,
      description: repo.description,
    },
  };
}

function orgEntitlements(): FoundEntitlementData[] {
  return ORG_ROLES.map((role) => ({
    integration_specific_id: orgRoleEntitlementId(role),
    integration_specific_resource_id: ORG_RESOURCE_ID,
    entitlement_type: EntitlementTypes.orgRole,
    label: `Organization ${ORG_ROLE_LABELS[role]}`,
    is_assignable: true,
    extra_data: { role },
  }));
}

function teamEntitlements(team: Team): FoundEntitlementData[] {
  return TEAM_ROLES.map((role) => ({
    integration_specific_id: teamEntitlementId(team.slug, role),
    integration_specific_resource_id: teamResourceId(team.slug),
    entitlement_type: EntitlementTypes.teamMembership,
    label: `${team.name} ${TEAM_ROLE_LABELS[role]}`,
    is_assignable: true,
    extra_data: { role, team: team.slug },
  }));
}

function repositoryEntitlements(repo: Repository): FoundEntitlementData[] {
  return REPOSITORY_PERMISSIONS.map((permission) => ({
    integration_specific_id: repositoryEntitlementId(repo.name, permission),
    integration_specific_resource_id: repositoryResourceId(repo.name),
    entitlement_type: EntitlementTypes.repositoryPermission,
    label: `${repo.full_name} ${REPOSITORY_PERMISSION_LABELS[permission]}`,
    is_assignable: true,
    extra_data: { permission, repository: repo.name },
  }));
}

async function entitlementsOfResource(
  client: GitHubClient,
  resourceId: string,
  type: string | null | undefined,
): Promise<FoundEntitlementData[]> {
  const ref = parseResourceId(resourceId);
  if (type != null && type !== ref.type) {
    throw new ConnectorError(
      'bad_request',
      `resource_type '${type}' does not match resource_integration_specific_id ` +
        `'${resourceId}', which is a ${ref.type}; send one of them, or both matching`,
    );
  }
  switch (ref.type) {
    case ResourceTypes.organization:
      return orgEntitlements();
    case ResourceTypes.team: {
      const team = await client.getTeam(ref.slug);
      if (team === undefined) throw resourceNotFound(client, 'team', ref.slug);
      return teamEntitlements(team);
    }
    case ResourceTypes.repository: {
      const repo = await client.getRepository(ref.name);
      if (repo === undefined) throw resourceNotFound(client, 'repository', ref.name);
      return repositoryEntitlements(repo);
    }
  }
}

function association(
  accountId: string,
  entitlementId: string,
  resourceId: string,
): FoundEntitlementAssociation {
  return {
    account_id: accountId,
    integration_specific_entitlement_id: entitlementId,
    integration_specific_resource_id: resourceId,
  };
}

/**
 * A direct member of the team, with the role GitHub reports. Members who belong only
 * through a child team (`inherited`) hold the child team's membership, not this one's.
 */
function teamMemberAssociations(team: Team, member: TeamMember): FoundEntitlementAssociation[] {
  if (member.inherited === true) return [];
  const role: TeamRole | undefined = member.role;
  if (role === undefined) {
    throw new ConnectorError(
      'invalid_response',
      `GitHub listed the members of team '${team.slug}' without their team role; this ` +
        'connector needs GitHub.com, or GitHub Enterprise Server 3.17 or later',
    );
  }
  return [
    association(
      memberAccountId(member.login),
      teamEntitlementId(team.slug, role),
      teamResourceId(team.slug),
    ),
  ];
}

function collaboratorAssociations(
  repo: Repository,
  collaborator: Collaborator,
): FoundEntitlementAssociation[] {
  const permission = repositoryPermissionOf(collaborator);
  if (permission === undefined) return [];
  return [
    association(
      memberAccountId(collaborator.login),
      repositoryEntitlementId(repo.name, permission),
      repositoryResourceId(repo.name),
    ),
  ];
}

/**
 * The standard role of a collaborator: `role_name` when it is one, else (a custom role)
 * the strongest base permission GitHub reports for it.
 */
export function repositoryPermissionOf(
  collaborator: Pick<Collaborator, 'role_name' | 'permissions'>,
): RepositoryPermission | undefined {
  const named = collaborator.role_name as RepositoryPermission;
  if (REPOSITORY_PERMISSIONS.includes(named)) return named;
  const p = collaborator.permissions;
  if (p === undefined) return undefined;
  if (p.admin) return 'admin';
  if (p.maintain) return 'maintain';
  if (p.push) return 'write';
  if (p.triage) return 'triage';
  if (p.pull) return 'read';
  return undefined;
}

//// Errors ////

function accountNotFound(client: GitHubClient, id: string, pending = false): ConnectorError {
  const hint = pending
    ? `; '${id}' has a pending invitation, listed by list_accounts as invitation:<id>`
    : '';
  return new ConnectorError(
    'not_found',
    `'${id}' is not a member or pending invitation of the GitHub organization '${client.org}'${hint}`,
  );
}

function resourceNotFound(client: GitHubClient, what: string, name: string): ConnectorError {
  return new ConnectorError(
    'not_found',
    `The GitHub organization '${client.org}' has no ${what} '${name}' that this token can see`,
  );
}

export function unknownResourceType(type: string): ConnectorError {
  return new ConnectorError(
    'invalid_value',
    `Unknown resource_type '${type}'; this connector has: ${Object.values(ResourceTypes).join(', ')}`,
  );
}
