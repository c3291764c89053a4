//// The state of the fake GitHub: one organization, its people, teams and repositories ////

export type OrgRole = 'admin' | 'member';
export type InvitationRole = 'admin' | 'direct_member' | 'billing_manager';
export type TeamRole = 'member' | 'maintainer';
export type RepoRole = 'read' | 'triage' | 'write' | 'maintain' | 'admin';

export interface FakeUser {
  id: number;
  login: string;
  name: string | null;
  /** The public email; GitHub shows null when the user keeps it private. */
  email: string | null;
  type: 'User' | 'Bot';
}

export interface FakeInvitation {
  id: number;
  /** Set when an existing GitHub user was invited; null for an invitation by email. */
  login: string | null;
  email: string | null;
  role: InvitationRole;
  teamIds: number[];
  createdAt: string;
  inviter: string;
}

export interface FakeTeam {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  parentSlug: string | null;
  /** Direct members only; members of child teams are derived. */
  members: Map<string, TeamRole>;
}

export interface FakeRepo {
  id: number;
  name: string;
  private: boolean;
  description: string | null;
  /** Direct collaborators (members and outside collaborators) and their role. */
  collaborators: Map<string, RepoRole>;
}

export interface OrgSeed {
  org: { login: string; id: number; name: string };
  users: FakeUser[];
  members: Array<[login: string, role: OrgRole]>;
  invitations: Array<Omit<FakeInvitation, 'createdAt' | 'inviter'>>;
  teams: Array<Omit<FakeTeam, 'members'> & { members: Array<[string, TeamRole]> }>;
  repos: Array<Omit<FakeRepo, 'collaborators'> & { collaborators: Array<[string, RepoRole]> }>;
}

/** The organization the fake serves; route handlers read and change it. */
export class FakeOrg {
  readonly login: string;
  readonly id: number;
  readonly name: string;
  readonly users = new Map<string, FakeUser>();
  /** Members in the order they joined, with their organization role. */
  readonly members = new Map<string, OrgRole>();
  readonly invitations = new Map<number, FakeInvitation>();
  readonly teams = new Map<string, FakeTeam>();
  readonly repos = new Map<string, FakeRepo>();
  /** Bumped when a test resets the state: every ETag changes with it. */
  generation = 0;
  #nextId = 900_000;

  constructor(seed: OrgSeed) {
    this.login = seed.org.login;
    this.id = seed.org.id;
    this.name = seed.org.name;
    for (const user of seed.users) this.users.set(user.login.toLowerCase(), user);
    for (const [login, role] of seed.members) this.members.set(this.user(login)!.login, role);
    for (const invitation of seed.invitations) {
      this.invitations.set(invitation.id, {
        ...invitation,
        createdAt: '2026-11-20T09:30:00Z',
        inviter: seed.members[0]?.[0] ?? 'ghost',
      });
    }
    for (const team of seed.teams) {
      this.teams.set(team.slug, { ...team, members: new Map(team.members) });
    }
    for (const repo of seed.repos) {
      this.repos.set(repo.name.toLowerCase(), {
        ...repo,
        collaborators: new Map(repo.collaborators),
      });
    }
  }

  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  /** A GitHub user by login, case-insensitively, as GitHub matches logins. */
  user(login: string): FakeUser | undefined {
    return this.users.get(login.toLowerCase());
  }

  userById(id: number): FakeUser | undefined {
    return [...this.users.values()].find((user) => user.id === id);
  }

  /** The member's login as stored, or undefined when the user is not a member. */
  memberLogin(login: string): string | undefined {
    const user = this.user(login);
    return user !== undefined && this.members.has(user.login) ? user.login : undefined;
  }

  pendingInvitationFor(login: string): FakeInvitation | undefined {
    const wanted = login.toLowerCase();
    return [...this.invitations.values()].find((inv) => inv.login?.toLowerCase() === wanted);
  }

  team(slug: string): FakeTeam | undefined {
    return this.teams.get(slug.toLowerCase());
  }

  repo(name: string): FakeRepo | undefined {
    return this.repos.get(name.toLowerCase());
  }

  /** The teams nested under `slug`, at any depth. */
  descendants(slug: string): FakeTeam[] {
    const children = [...this.teams.values()].filter((team) => team.parentSlug === slug);
    return children.flatMap((child) => [child, ...this.descendants(child.slug)]);
  }

  /**
   * Members of a team as GitHub lists them: direct members first, then members of child
   * teams (flagged `inherited`) who are not direct members.
   */
  teamMembers(team: FakeTeam): Array<{ login: string; role: TeamRole; inherited: boolean }> {
    const listed = [...team.members].map(([login, role]) => ({ login, role, inherited: false }));
    const seen = new Set(team.members.keys());
    for (const child of this.descendants(team.slug)) {
      for (const [login, role] of child.members) {
        if (seen.has(login)) continue;
        seen.add(login);
        listed.push({ login, role, inherited: true });
      }
    }
    return listed;
  }

  /** Removes a member from the organization, its teams and its repositories. */
  removeMember(login: string): void {
    this.members.delete(login);
    for (const team of this.teams.values()) team.members.delete(login);
    for (const repo of this.repos.values()) repo.collaborators.delete(login);
  }
}

//// Seeds ////

function user(id: number, login: string, name: string | null, email: string | null): FakeUser {
  return { id, login, name, email, type: 'User' };
}

/**
 * A small organization with every case the connector handles: owners and members, a bot,
 * private emails, invitations by email and by login, a billing-manager invitation (not a
 * member role), nested and secret teams, private repositories and an outside collaborator.
 */
export function acmeSeed(): OrgSeed {
  return {
    org: { login: 'acme', id: 9_100_001, name: 'Acme Corporation' },
    users: [
      user(101, 'ada', 'Ada Lovelace', 'ada@acme.test'),
      user(102, 'grace', 'Grace Hopper', 'grace@acme.test'),
      user(103, 'linus', 'Linus Torvalds', null),
      user(104, 'margaret', 'Margaret Hamilton', 'margaret@acme.test'),
      user(105, 'ken', null, null),
      { id: 106, login: 'release-bot[bot]', name: null, email: null, type: 'Bot' },
      user(107, 'octo-contractor', 'Oscar Contractor', null),
      user(108, 'hedy', 'Hedy Lamarr', null),
      user(109, 'newbie', 'New Person', 'newbie@example.com'),
    ],
    members: [
      ['ada', 'admin'],
      ['grace', 'admin'],
      ['linus', 'member'],
      ['margaret', 'member'],
      ['ken', 'member'],
      ['release-bot[bot]', 'member'],
    ],
    invitations: [
      { id: 501, login: null, email: 'sam@example.com', role: 'direct_member', teamIds: [2] },
      { id: 502, login: 'hedy', email: null, role: 'admin', teamIds: [] },
      { id: 503, login: null, email: 'billing@example.com', role: 'billing_manager', teamIds: [] },
    ],
    teams: [
      {
        id: 1,
        slug: 'engineering',
        name: 'Engineering',
        description: 'Everyone who ships code',
        privacy: 'closed',
        parentSlug: null,
        members: [
          ['ada', 'maintainer'],
          ['linus', 'member'],
        ],
      },
      {
        id: 2,
        slug: 'backend',
        name: 'Backend',
        description: null,
        privacy: 'closed',
        parentSlug: 'engineering',
        members: [
          ['margaret', 'maintainer'],
          ['ken', 'member'],
        ],
      },
      {
        id: 3,
        slug: 'databases',
        name: 'Databases',
        description: 'Storage and query engines',
        privacy: 'closed',
        parentSlug: 'backend',
        members: [['linus', 'member']],
      },
      {
        id: 4,
        slug: 'frontend',
        name: 'Frontend',
        description: null,
        privacy: 'closed',
        parentSlug: 'engineering',
        members: [['ken', 'maintainer']],
      },
      {
        id: 5,
        slug: 'security',
        name: 'Security',
        description: 'Incident response',
        privacy: 'closed',
        parentSlug: null,
        members: [
          ['grace', 'maintainer'],
          ['release-bot[bot]', 'member'],
        ],
      },
      {
        id: 6,
        slug: 'leadership',
        name: 'Leadership',
        description: null,
        privacy: 'secret',
        parentSlug: null,
        members: [['ada', 'member']],
      },
    ],
    repos: [
      {
        id: 201,
        name: 'api',
        private: true,
        description: 'The public API',
        collaborators: [
          ['linus', 'write'],
          ['octo-contractor', 'read'],
        ],
      },
      {
        id: 202,
        name: 'web',
        private: false,
        description: null,
        collaborators: [
          ['ken', 'maintain'],
          ['margaret', 'triage'],
        ],
      },
      {
        id: 203,
        name: 'infra',
        private: true,
        description: 'Terraform and friends',
        collaborators: [
          ['grace', 'admin'],
          ['release-bot[bot]', 'write'],
        ],
      },
      { id: 204, name: 'docs.github.io', private: false, description: null, collaborators: [] },
    ],
  };
}

export interface LargeOrgOptions {
  teams: number;
  membersPerTeam: number;
  repos: number;
  collaboratorsPerRepo: number;
  /** Distinct people in the organization. @default teams * membersPerTeam / 3 */
  people?: number;
}

/** A large, deterministic organization for the benchmark. */
export function largeOrgSeed(options: LargeOrgOptions): OrgSeed {
  const people = options.people ?? Math.ceil((options.teams * options.membersPerTeam) / 3);
  const logins = Array.from({ length: people }, (_, i) => `user-${String(i + 1).padStart(5, '0')}`);
  const pick = (seed: number, count: number): string[] =>
    Array.from({ length: count }, (_, i) => logins[(seed * 7919 + i * 104_729) % people]!).filter(
      (login, index, all) => all.indexOf(login) === index,
    );
  return {
    org: { login: 'bigcorp', id: 9_200_001, name: 'Big Corp' },
    users: logins.map((login, i) => user(10_000 + i, login, null, null)),
    members: logins.map((login, i) => [login, i % 50 === 0 ? 'admin' : 'member']),
    invitations: [],
    teams: Array.from({ length: options.teams }, (_, t) => ({
      id: 50_000 + t,
      slug: `team-${t + 1}`,
      name: `Team ${t + 1}`,
      description: null,
      privacy: 'closed' as const,
      parentSlug: null,
      members: pick(t + 1, options.membersPerTeam).map((login, i): [string, TeamRole] => [
        login,
        i === 0 ? 'maintainer' : 'member',
      ]),
    })),
    repos: Array.from({ length: options.repos }, (_, r) => ({
      id: 70_000 + r,
      name: `repo-${r + 1}`,
      private: r % 2 === 0,
      description: null,
      collaborators: pick(r + 1000, options.collaboratorsPerRepo).map(
        (login, i): [string, RepoRole] => [login, i === 0 ? 'admin' : 'write'],
      ),
    })),
  };
}
