import type { FakeInvitation, FakeOrg, FakeRepo, FakeTeam, FakeUser, RepoRole } from './model.ts';

//// GitHub's JSON objects, with every field its OpenAPI description requires ////

const CREATED_AT = '2024-03-01T12:00:00Z';
const UPDATED_AT = '2026-11-30T08:15:00Z';

/** Builds the payloads of one fake, whose URLs point at its own API base. */
export class Payloads {
  readonly #api: string;
  readonly #web = 'https://github.com';

  /** `api` is the API base the fake serves, e.g. `http://127.0.0.1:4321/api/v3`. */
  constructor(api: string) {
    this.#api = api;
  }

  simpleUser(user: FakeUser): Record<string, unknown> {
    const url = `${this.#api}/users/${encodeURIComponent(user.login)}`;
    return {
      login: user.login,
      id: user.id,
      node_id: nodeId('U', user.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      gravatar_id: '',
      url,
      html_url: `${this.#web}/${encodeURIComponent(user.login)}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: user.type,
      user_view_type: 'public',
      site_admin: false,
      name: user.name,
      email: user.email,
    };
  }

  /** `GET /users/{username}`: the public profile. */
  publicUser(user: FakeUser): Record<string, unknown> {
    return {
      ...this.simpleUser(user),
      company: null,
      blog: '',
      location: null,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: 3,
      public_gists: 0,
      followers: 10,
      following: 2,
      created_at: CREATED_AT,
      updated_at: UPDATED_AT,
    };
  }

  orgSimple(org: FakeOrg): Record<string, unknown> {
    const url = `${this.#api}/orgs/${org.login}`;
    return {
      login: org.login,
      id: org.id,
      node_id: nodeId('O', org.id),
      url,
      repos_url: `${url}/repos`,
      events_url: `${url}/events`,
      hooks_url: `${url}/hooks`,
      issues_url: `${url}/issues`,
      members_url: `${url}/members{/member}`,
      public_members_url: `${url}/public_members{/member}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
      description: `${org.name} on GitHub`,
    };
  }

  orgFull(org: FakeOrg): Record<string, unknown> {
    return {
      ...this.orgSimple(org),
      name: org.name,
      blog: `https://${org.login}.example`,
      twitter_username: null,
      is_verified: false,
      has_organization_projects: true,
      has_repository_projects: true,
      public_repos: [...org.repos.values()].filter((repo) => !repo.private).length,
      public_gists: 0,
      followers: 0,
      following: 0,
      html_url: `${this.#web}/${org.login}`,
      type: 'Organization',
      total_private_repos: [...org.repos.values()].filter((repo) => repo.private).length,
      owned_private_repos: [...org.repos.values()].filter((repo) => repo.private).length,
      created_at: CREATED_AT,
      updated_at: UPDATED_AT,
      archived_at: null,
    };
  }

  orgMembership(org: FakeOrg, user: FakeUser, state: 'active' | 'pending', role: string) {
    return {
      url: `${this.#api}/orgs/${org.login}/memberships/${encodeURIComponent(user.login)}`,
      state,
      role,
      organization_url: `${this.#api}/orgs/${org.login}`,
      organization: this.orgSimple(org),
      user: this.simpleUser(user),
    };
  }

  invitation(org: FakeOrg, invitation: FakeInvitation): Record<string, unknown> {
    const inviter = org.user(invitation.inviter);
    const url = `${this.#api}/organizations/${org.id}/invitations/${invitation.id}`;
    return {
      id: invitation.id,
      login: invitation.login,
      email: invitation.email,
      role: invitation.role,
      created_at: invitation.createdAt,
      failed_at: null,
      failed_reason: null,
      inviter: inviter ? this.simpleUser(inviter) : this.simpleUser(GHOST),
      team_count: invitation.teamIds.length,
      node_id: nodeId('OI', invitation.id),
      invitation_teams_url: `${url}/teams`,
      invitation_source: 'member',
    };
  }

  teamSimple(org: FakeOrg, team: FakeTeam): Record<string, unknown> {
    const url = `${this.#api}/organizations/${org.id}/team/${team.id}`;
    return {
      id: team.id,
      node_id: nodeId('T', team.id),
      url,
      html_url: `${this.#web}/orgs/${org.login}/teams/${team.slug}`,
      name: team.name,
      slug: team.slug,
      description: team.description,
      privacy: team.privacy,
      notification_setting: 'notifications_enabled',
      permission: 'pull',
      members_url: `${url}/members{/member}`,
      repositories_url: `${url}/repos`,
      type: 'organization',
      organization_id: org.id,
    };
  }

  team(org: FakeOrg, team: FakeTeam): Record<string, unknown> {
    const parent = team.parentSlug === null ? undefined : org.team(team.parentSlug);
    return {
      ...this.teamSimple(org, team),
      permissions: { pull: true, triage: false, push: false, maintain: false, admin: false },
      parent: parent ? this.teamSimple(org, parent) : null,
    };
  }

  teamFull(org: FakeOrg, team: FakeTeam): Record<string, unknown> {
    const parent = team.parentSlug === null ? undefined : org.team(team.parentSlug);
    return {
      ...this.teamSimple(org, team),
      parent: parent ? this.teamSimple(org, parent) : null,
      members_count: team.members.size,
      repos_count: 0,
      created_at: CREATED_AT,
      updated_at: UPDATED_AT,
      organization: this.orgFull(org),
    };
  }

  teamMember(user: FakeUser, role: string, inherited: boolean): Record<string, unknown> {
    return { ...this.simpleUser(user), role, inherited };
  }

  teamMembership(org: FakeOrg, team: FakeTeam, login: string, role: string, state: string) {
    return {
      url: `${this.#api}/organizations/${org.id}/team/${team.id}/memberships/${encodeURIComponent(login)}`,
      role,
      state,
    };
  }

  minimalRepo(org: FakeOrg, repo: FakeRepo): Record<string, unknown> {
    const full = `${org.login}/${repo.name}`;
    const url = `${this.#api}/repos/${full}`;
    const owner = { ...this.simpleUser(orgAsUser(org)), type: 'Organization' };
    return {
      id: repo.id,
      node_id: nodeId('R', repo.id),
      name: repo.name,
      full_name: full,
      owner,
      private: repo.private,
      visibility: repo.private ? 'private' : 'public',
      html_url: `${this.#web}/${full}`,
      description: repo.description,
      fork: false,
      url,
      archive_url: `${url}/{archive_format}{/ref}`,
      assignees_url: `${url}/assignees{/user}`,
      blobs_url: `${url}/git/blobs{/sha}`,
      branches_url: `${url}/branches{/branch}`,
      collaborators_url: `${url}/collaborators{/collaborator}`,
      comments_url: `${url}/comments{/number}`,
      commits_url: `${url}/commits{/sha}`,
      compare_url: `${url}/compare/{base}...{head}`,
      contents_url: `${url}/contents/{+path}`,
      contributors_url: `${url}/contributors`,
      deployments_url: `${url}/deployments`,
      downloads_url: `${url}/downloads`,
      events_url: `${url}/events`,
      forks_url: `${url}/forks`,
      git_commits_url: `${url}/git/commits{/sha}`,
      git_refs_url: `${url}/git/refs{/sha}`,
      git_tags_url: `${url}/git/tags{/sha}`,
      git_url: `git://github.com/${full}.git`,
      hooks_url: `${url}/hooks`,
      issue_comment_url: `${url}/issues/comments{/number}`,
      issue_events_url: `${url}/issues/events{/number}`,
      issues_url: `${url}/issues{/number}`,
      keys_url: `${url}/keys{/key_id}`,
      labels_url: `${url}/labels{/name}`,
      languages_url: `${url}/languages`,
      merges_url: `${url}/merges`,
      milestones_url: `${url}/milestones{/number}`,
      notifications_url: `${url}/notifications{?since,all,participating}`,
      pulls_url: `${url}/pulls{/number}`,
      releases_url: `${url}/releases{/id}`,
      ssh_url: `git@github.com:${full}.git`,
      stargazers_url: `${url}/stargazers`,
      statuses_url: `${url}/statuses/{sha}`,
      subscribers_url: `${url}/subscribers`,
      subscription_url: `${url}/subscription`,
      tags_url: `${url}/tags`,
      teams_url: `${url}/teams`,
      trees_url: `${url}/git/trees{/sha}`,
      clone_url: `https://github.com/${full}.git`,
      mirror_url: null,
      svn_url: `https://github.com/${full}`,
      homepage: null,
      language: null,
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      size: 1024,
      default_branch: 'main',
      open_issues_count: 0,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      pushed_at: UPDATED_AT,
      created_at: CREATED_AT,
      updated_at: UPDATED_AT,
      permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
      allow_forking: false,
      web_commit_signoff_required: false,
      forks: 0,
      open_issues: 0,
      watchers: 0,
    };
  }

  fullRepo(org: FakeOrg, repo: FakeRepo): Record<string, unknown> {
    return {
      ...this.minimalRepo(org, repo),
      license: null,
      network_count: 0,
      subscribers_count: 1,
    };
  }

  collaborator(user: FakeUser, role: RepoRole): Record<string, unknown> {
    return { ...this.simpleUser(user), permissions: permissionsOf(role), role_name: role };
  }

  repositoryInvitation(org: FakeOrg, repo: FakeRepo, user: FakeUser, role: RepoRole, id: number) {
    return {
      id,
      node_id: nodeId('RI', id),
      repository: this.minimalRepo(org, repo),
      invitee: this.simpleUser(user),
      inviter: this.simpleUser(GHOST),
      permissions: role,
      created_at: UPDATED_AT,
      expired: false,
      url: `${this.#api}/user/repository_invitations/${id}`,
      html_url: `${this.#web}/${org.login}/${repo.name}/invitations`,
    };
  }

  /** GitHub's error body: `message`, `documentation_url` and the status as a string. */
  error(status: number, message: string, documentation = 'https://docs.github.com/rest') {
    return { message, documentation_url: documentation, status: String(status) };
  }
}

/** The `permissions` hash GitHub derives from a repository role. */
export function permissionsOf(role: RepoRole): Record<string, boolean> {
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
  return {
    pull: rank >= 0,
    triage: rank >= 1,
    push: rank >= 2,
    maintain: rank >= 3,
    admin: rank >= 4,
  };
}

const GHOST: FakeUser = { id: 10_137, login: 'ghost', name: null, email: null, type: 'User' };

function orgAsUser(org: FakeOrg): FakeUser {
  return { id: org.id, login: org.login, name: org.name, email: null, type: 'User' };
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kgDO${Buffer.from(String(id)).toString('base64url')}`;
}
