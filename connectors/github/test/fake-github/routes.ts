import { createHash } from 'node:crypto';
import {
  type FakeApp,
  FakeHttpError,
  type FakeRequest,
  type FakeResponse,
  linkPage,
  type RouteOptions,
} from '@grantkit/connector-testing';
import type { FakeOrg, FakeRepo, FakeTeam, FakeUser, RepoRole, TeamRole } from './model.ts';
import type { Payloads } from './payloads.ts';

/*
 * The endpoints the connector uses, answered the way GitHub answers them: `Link` paging
 * with `per_page` (max 100) and `page`, GitHub's error bodies, 204 for writes without a
 * body, `ETag` and `304 Not Modified` on reads. Paths, parameters and bodies follow
 * GitHub's OpenAPI description; every answer is checked against it (see openapi.ts).
 */

const READ_ORG: RouteOptions = { scopes: ['read:org'] };
const ADMIN_ORG: RouteOptions = { scopes: ['admin:org'] };
const REPO: RouteOptions = { scopes: ['repo'] };

const DOCS = 'https://docs.github.com/rest';

export function registerRoutes(
  app: FakeApp,
  org: FakeOrg,
  payloads: Payloads,
  prefix: string,
  headersFor: (request: FakeRequest) => Record<string, string>,
): void {
  const route = (
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    pattern: string,
    handler: (request: FakeRequest) => FakeResponse,
    options: RouteOptions = {},
  ): void => {
    const tagged = method === 'GET' ? withETag(handler, () => org.generation) : handler;
    const wrapped = (request: FakeRequest): FakeResponse => {
      const response = tagged(request);
      return { ...response, headers: { ...headersFor(request), ...response.headers } };
    };
    app.route(method, `${prefix}${pattern}`, wrapped, options);
  };

  const theOrg = (request: FakeRequest): FakeOrg => {
    if (request.params.org?.toLowerCase() !== org.login.toLowerCase()) {
      throw notFound();
    }
    return org;
  };
  const theTeam = (request: FakeRequest): FakeTeam => {
    const team = theOrg(request).team(request.params.team_slug ?? '');
    if (team === undefined) throw notFound();
    return team;
  };
  const theRepo = (request: FakeRequest): FakeRepo => {
    if (request.params.owner?.toLowerCase() !== org.login.toLowerCase()) throw notFound();
    const repo = org.repo(request.params.repo ?? '');
    if (repo === undefined) throw notFound();
    return repo;
  };
  const theUser = (request: FakeRequest): FakeUser => {
    const user = org.user(request.params.username ?? '');
    if (user === undefined) throw notFound();
    return user;
  };
  const userOf = (login: string): FakeUser => org.user(login)!;
  /** One page of `items`, each turned into its payload only once it is on the page. */
  const page = <T>(request: FakeRequest, items: readonly T[], toPayload: (item: T) => unknown) => {
    const sliced = linkPage(request, items, { defaultSize: 30, maxSize: 100 });
    return { ...sliced, body: sliced.body.map(toPayload) };
  };

  //// Organization ////

  route('GET', '/orgs/:org', (request) => ({ body: payloads.orgFull(theOrg(request)) }));

  route(
    'GET',
    '/orgs/:org/members',
    (request) => {
      const role = oneOf(request, 'role', ['all', 'admin', 'member'], 'all');
      const members = [...theOrg(request).members].filter(([, r]) => role === 'all' || r === role);
      return page(request, members, ([login]) => payloads.simpleUser(userOf(login)));
    },
    READ_ORG,
  );

  route(
    'GET',
    '/orgs/:org/memberships/:username',
    (request) => {
      const user = theUser(request);
      const login = theOrg(request).memberLogin(user.login);
      if (login !== undefined) {
        return {
          body: payloads.orgMembership(org, user, 'active', org.members.get(login)!),
        };
      }
      const invitation = org.pendingInvitationFor(user.login);
      if (invitation === undefined) throw notFound();
      const role = invitation.role === 'admin' ? 'admin' : 'member';
      return { body: payloads.orgMembership(org, user, 'pending', role) };
    },
    READ_ORG,
  );

  route(
    'PUT',
    '/orgs/:org/memberships/:username',
    (request) => {
      const user = theUser(request);
      const role = bodyField(request, 'role', ['admin', 'member'], 'member');
      const login = theOrg(request).memberLogin(user.login);
      if (login !== undefined) {
        org.members.set(login, role);
        return { body: payloads.orgMembership(org, user, 'active', role) };
      }
      const pending = org.pendingInvitationFor(user.login);
      const invitationRole = role === 'admin' ? 'admin' : 'direct_member';
      if (pending) {
        pending.role = invitationRole;
      } else {
        const id = org.nextId();
        org.invitations.set(id, {
          id,
          login: user.login,
          email: null,
          role: invitationRole,
          teamIds: [],
          createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          inviter: request.auth?.data.login as string,
        });
      }
      return { body: payloads.orgMembership(org, user, 'pending', role) };
    },
    ADMIN_ORG,
  );

  route(
    'DELETE',
    '/orgs/:org/memberships/:username',
    (request) => {
      const user = theUser(request);
      const login = theOrg(request).memberLogin(user.login);
      if (login !== undefined) {
        org.removeMember(login);
        return { status: 204 };
      }
      const invitation = org.pendingInvitationFor(user.login);
      if (invitation === undefined) throw notFound();
      org.invitations.delete(invitation.id);
      return { status: 204 };
    },
    ADMIN_ORG,
  );

  //// Invitations ////

  route(
    'GET',
    '/orgs/:org/invitations',
    (request) => {
      const roles = ['all', 'admin', 'direct_member', 'billing_manager', 'hiring_manager'];
      const role = oneOf(request, 'role', roles, 'all');
      const invitations = [...theOrg(request).invitations.values()].filter(
        (inv) => role === 'all' || inv.role === role,
      );
      return page(request, invitations, (inv) => payloads.invitation(org, inv));
    },
    ADMIN_ORG,
  );

  route(
    'POST',
    '/orgs/:org/invitations',
    (request) => {
      theOrg(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const role = bodyField(
        request,
        'role',
        ['admin', 'direct_member', 'billing_manager'],
        'direct_member',
      );
      const teamIds = Array.isArray(body.team_ids) ? (body.team_ids as number[]) : [];
      for (const teamId of teamIds) {
        if (![...org.teams.values()].some((team) => team.id === teamId)) {
          throw validationFailed('Invitation', 'team_ids', 'invalid');
        }
      }
      let invitee: FakeUser | undefined;
      if (typeof body.invitee_id === 'number') {
        invitee = org.userById(body.invitee_id);
        if (invitee === undefined) throw validationFailed('Invitation', 'invitee_id', 'invalid');
        if (org.memberLogin(invitee.login)) {
          throw validationFailed('Invitation', 'invitee_id', 'already_exists');
        }
        if (org.pendingInvitationFor(invitee.login)) {
          throw validationFailed('Invitation', 'invitee_id', 'already_exists');
        }
      } else if (typeof body.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(body.email)) {
        throw validationFailed('Invitation', 'email', 'missing_field');
      } else if (
        [...org.invitations.values()].some(
          (inv) => inv.email?.toLowerCase() === (body.email as string).toLowerCase(),
        )
      ) {
        throw validationFailed('Invitation', 'email', 'already_exists');
      }
      const id = org.nextId();
      const invitation = {
        id,
        login: invitee?.login ?? null,
        email: invitee === undefined ? (body.email as string) : null,
        role,
        teamIds,
        createdAt: '2026-12-01T10:00:00Z',
        inviter: (request.auth?.data.login as string | undefined) ?? 'ghost',
      };
      org.invitations.set(id, invitation);
      return { status: 201, body: payloads.invitation(org, invitation) };
    },
    ADMIN_ORG,
  );

  route(
    'DELETE',
    '/orgs/:org/invitations/:invitation_id',
    (request) => {
      const id = Number(request.params.invitation_id);
      if (!theOrg(request).invitations.delete(id)) throw notFound();
      return { status: 204 };
    },
    ADMIN_ORG,
  );

  //// Teams ////

  route(
    'GET',
    '/orgs/:org/teams',
    (request) =>
      page(request, [...theOrg(request).teams.values()], (team) => payloads.team(org, team)),
    READ_ORG,
  );

  route(
    'GET',
    '/orgs/:org/teams/:team_slug',
    (request) => ({ body: payloads.teamFull(org, theTeam(request)) }),
    READ_ORG,
  );

  route(
    'GET',
    '/orgs/:org/teams/:team_slug/members',
    (request) => {
      const role = oneOf(request, 'role', ['all', 'member', 'maintainer'], 'all');
      const members = org
        .teamMembers(theTeam(request))
        .filter((member) => role === 'all' || member.role === role);
      return page(request, members, (member) =>
        payloads.teamMember(userOf(member.login), member.role, member.inherited),
      );
    },
    READ_ORG,
  );

  route(
    'GET',
    '/orgs/:org/teams/:team_slug/memberships/:username',
    (request) => {
      const team = theTeam(request);
      const user = theUser(request);
      const role = team.members.get(user.login);
      if (role !== undefined) {
        return { body: payloads.teamMembership(org, team, user.login, role, 'active') };
      }
      const inherited = org.teamMembers(team).find((member) => member.login === user.login);
      if (inherited === undefined) throw notFound();
      return { body: payloads.teamMembership(org, team, user.login, inherited.role, 'active') };
    },
    READ_ORG,
  );

  route(
    'PUT',
    '/orgs/:org/teams/:team_slug/memberships/:username',
    (request) => {
      const team = theTeam(request);
      const user = theUser(request);
      const role: TeamRole = bodyField(request, 'role', ['member', 'maintainer'], 'member');
      if (org.memberLogin(user.login) === undefined) {
        // GitHub invites a non-member to the organization and the team: pending until accepted.
        const pending = org.pendingInvitationFor(user.login);
        if (pending) {
          if (!pending.teamIds.includes(team.id)) pending.teamIds.push(team.id);
        } else {
          const id = org.nextId();
          org.invitations.set(id, {
            id,
            login: user.login,
            email: null,
            role: 'direct_member',
            teamIds: [team.id],
            createdAt: '2026-12-01T10:00:00Z',
            inviter: (request.auth?.data.login as string | undefined) ?? 'ghost',
          });
        }
        return { body: payloads.teamMembership(org, team, user.login, role, 'pending') };
      }
      team.members.set(user.login, role);
      return { body: payloads.teamMembership(org, team, user.login, role, 'active') };
    },
    ADMIN_ORG,
  );

  route(
    'DELETE',
    '/orgs/:org/teams/:team_slug/memberships/:username',
    (request) => {
      const team = theTeam(request);
      const user = theUser(request);
      // GitHub answers 204 whether or not the user was a direct member.
      team.members.delete(user.login);
      return { status: 204 };
    },
    ADMIN_ORG,
  );

  //// Repositories ////

  route(
    'GET',
    '/orgs/:org/repos',
    (request) => {
      const sort = oneOf(request, 'sort', ['created', 'updated', 'pushed', 'full_name'], 'created');
      const byName = sort === 'full_name';
      const direction = oneOf(request, 'direction', ['asc', 'desc'], byName ? 'asc' : 'desc');
      const repos = [...theOrg(request).repos.values()].sort((a, b) =>
        byName ? a.name.localeCompare(b.name) : a.id - b.id,
      );
      if (direction === 'desc') repos.reverse();
      return page(request, repos, (repo) => payloads.minimalRepo(org, repo));
    },
    REPO,
  );

  route('GET', '/repos/:owner/:repo', (request) => ({
    body: payloads.fullRepo(org, theRepo(request)),
  }));

  route(
    'GET',
    '/repos/:owner/:repo/collaborators',
    (request) => {
      const repo = theRepo(request);
      const affiliation = oneOf(request, 'affiliation', ['outside', 'direct', 'all'], 'all');
      const collaborators: Array<[string, RepoRole]> = [...repo.collaborators].filter(
        ([login]) => affiliation !== 'outside' || org.memberLogin(login) === undefined,
      );
      if (affiliation === 'all') {
        // Owners reach every repository; the fake does not model team grants.
        for (const [login, role] of org.members) {
          if (role === 'admin' && !repo.collaborators.has(login)) {
            collaborators.push([login, 'admin']);
          }
        }
      }
      return page(request, collaborators, ([login, role]) =>
        payloads.collaborator(userOf(login), role),
      );
    },
    REPO,
  );

  route(
    'GET',
    '/repos/:owner/:repo/collaborators/:username/permission',
    (request) => {
      const repo = theRepo(request);
      const user = theUser(request);
      const role: RepoRole | 'none' =
        repo.collaborators.get(user.login) ??
        (org.members.get(user.login) === 'admin' ? 'admin' : 'none');
      const legacy = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read' };
      return {
        body: {
          permission: role === 'none' ? 'none' : (legacy[role as keyof typeof legacy] ?? 'read'),
          role_name: role,
          user: role === 'none' ? null : payloads.collaborator(user, role),
        },
      };
    },
    REPO,
  );

  route(
    'PUT',
    '/repos/:owner/:repo/collaborators/:username',
    (request) => {
      const repo = theRepo(request);
      const user = theUser(request);
      const permission = bodyField(
        request,
        'permission',
        ['pull', 'triage', 'push', 'maintain', 'admin'],
        'push',
      );
      const role =
        ({ pull: 'read', push: 'write' } as Record<string, RepoRole>)[permission] ??
        (permission as RepoRole);
      if (org.memberLogin(user.login) !== undefined || repo.collaborators.has(user.login)) {
        repo.collaborators.set(user.login, role);
        return { status: 204 };
      }
      // An outside collaborator is invited, and holds the access once they accept; the fake
      // accepts at once so that the grant can be read back.
      repo.collaborators.set(user.login, role);
      return {
        status: 201,
        body: payloads.repositoryInvitation(org, repo, user, role, org.nextId()),
      };
    },
    REPO,
  );

  route(
    'DELETE',
    '/repos/:owner/:repo/collaborators/:username',
    (request) => {
      const repo = theRepo(request);
      repo.collaborators.delete(theUser(request).login);
      return { status: 204 };
    },
    REPO,
  );

  //// Users ////

  route('GET', '/users/:username', (request) => ({
    body: payloads.publicUser(theUser(request)),
  }));

  //// Helpers ////

  function notFound(): FakeHttpError {
    return new FakeHttpError(404, 'Not Found', {
      body: payloads.error(404, 'Not Found', DOCS),
    });
  }

  function validationFailed(resource: string, field: string, code: string): FakeHttpError {
    return new FakeHttpError(422, 'Validation Failed', {
      body: {
        message: 'Validation Failed',
        errors: [{ resource, field, code }],
        documentation_url: DOCS,
        status: '422',
      },
    });
  }

  function oneOf<T extends string>(
    request: FakeRequest,
    name: string,
    allowed: readonly T[],
    fallback: T,
  ): T {
    const value = request.query[name];
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      throw new FakeHttpError(422, 'Validation Failed', {
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'Search', field: name, code: 'invalid' }],
          documentation_url: DOCS,
          status: '422',
        },
      });
    }
    return value as T;
  }

  function bodyField<T extends string>(
    request: FakeRequest,
    name: string,
    allowed: readonly T[],
    fallback: T,
  ): T {
    const value = ((request.body ?? {}) as Record<string, unknown>)[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw validationFailed('Body', name, 'invalid');
    }
    return value as T;
  }
}

/**
 * GitHub sends an `ETag` on reads and answers `304 Not Modified` (with no body, and without
 * spending rate limit) when `If-None-Match` names the current one. The tag covers the body
 * and the `Link` header, so a list that grows past a page changes the tag of that page.
 */
function withETag(handler: (request: FakeRequest) => FakeResponse, generation: () => number) {
  return (request: FakeRequest): FakeResponse => {
    const response = handler(request);
    if ((response.status ?? 200) !== 200 || response.body === undefined) return response;
    const link = String(response.headers?.link ?? '');
    const etag = `W/"${hash(`${generation()} ${link} ${JSON.stringify(response.body)}`)}"`;
    const headers = { ...response.headers, etag };
    if (request.headers['if-none-match'] === etag) return { status: 304, headers };
    return { ...response, headers };
  };
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 20);
}
