//// An in-memory directory of users, groups and memberships, for fakes whose writes stick ////

export type FakeUserStatus = 'active' | 'suspended' | 'deprovisioned' | 'pending';

export interface FakeUser {
  id: string;
  /** Unique, case-insensitively, as in most apps. */
  username: string;
  email?: string | undefined;
  givenName?: string | undefined;
  familyName?: string | undefined;
  status: FakeUserStatus;
  /** The app's own fields (GitHub's `site_admin`, Okta's `profile` ...). */
  data: Record<string, unknown>;
}

export interface FakeGroup {
  id: string;
  /** Unique, case-insensitively. */
  name: string;
  description?: string | undefined;
  data: Record<string, unknown>;
}

export interface FakeMembership {
  groupId: string;
  userId: string;
  /** @default 'member' */
  role: string;
}

/** A write that clashes with what is stored (a taken username, a second membership ...). */
export class StoreConflictError extends Error {
  override name = 'StoreConflictError';
}

/** A write that names an id the store does not hold. */
export class StoreNotFoundError extends Error {
  override name = 'StoreNotFoundError';
}

export type NewUser = Partial<Omit<FakeUser, 'username'>> & { username: string };
export type NewGroup = Partial<Omit<FakeGroup, 'name'>> & { name: string };

/** One kind of record, kept in insertion order (the order list endpoints answer in). */
export class Collection<T extends { id: string }> {
  readonly #items = new Map<string, T>();
  readonly #kind: string;
  readonly #uniqueKey: keyof T;
  #nextId = 1;

  constructor(kind: string, uniqueKey: keyof T) {
    this.#kind = kind;
    this.#uniqueKey = uniqueKey;
  }

  /** A fresh id: the next integer, as a string. */
  nextId(): string {
    while (this.#items.has(String(this.#nextId))) this.#nextId += 1;
    return String(this.#nextId++);
  }

  list(): T[] {
    return [...this.#items.values()];
  }

  get size(): number {
    return this.#items.size;
  }

  get(id: string): T | undefined {
    return this.#items.get(id);
  }

  /** The record whose unique key (username, name) equals `value`, ignoring case. */
  findByKey(value: string): T | undefined {
    const wanted = value.toLowerCase();
    return this.list().find((item) => String(item[this.#uniqueKey]).toLowerCase() === wanted);
  }

  find(predicate: (item: T) => boolean): T | undefined {
    return this.list().find(predicate);
  }

  insert(item: T): T {
    if (this.#items.has(item.id)) {
      throw new StoreConflictError(`${this.#kind} id '${item.id}' already exists`);
    }
    const key = String(item[this.#uniqueKey]);
    if (this.findByKey(key) !== undefined) {
      throw new StoreConflictError(
        `${this.#kind} ${String(this.#uniqueKey)} '${key}' is already taken`,
      );
    }
    this.#items.set(item.id, item);
    return item;
  }

  /** Changes fields of a record; the id never changes. */
  update(id: string, patch: Partial<Omit<T, 'id'>>): T {
    const current = this.#items.get(id);
    if (current === undefined) throw new StoreNotFoundError(`${this.#kind} '${id}' not found`);
    const next = { ...current, ...patch, id } as T;
    const key = String(next[this.#uniqueKey]);
    const clash = this.findByKey(key);
    if (clash !== undefined && clash.id !== id) {
      throw new StoreConflictError(
        `${this.#kind} ${String(this.#uniqueKey)} '${key}' is already taken`,
      );
    }
    this.#items.set(id, next);
    return next;
  }

  /** Removes a record; false when it was not there. */
  delete(id: string): boolean {
    return this.#items.delete(id);
  }
}

/** Who belongs to which group, with a role. */
export class Memberships {
  readonly #items: FakeMembership[] = [];
  readonly #store: FakeStore;

  constructor(store: FakeStore) {
    this.#store = store;
  }

  /** Adds a membership; false when it already existed (the role is then updated). */
  add(groupId: string, userId: string, role = 'member'): boolean {
    this.#assertExists(groupId, userId);
    const existing = this.get(groupId, userId);
    if (existing !== undefined) {
      existing.role = role;
      return false;
    }
    this.#items.push({ groupId, userId, role });
    return true;
  }

  /** Removes a membership; false when there was none. */
  remove(groupId: string, userId: string): boolean {
    const index = this.#items.findIndex((m) => m.groupId === groupId && m.userId === userId);
    if (index < 0) return false;
    this.#items.splice(index, 1);
    return true;
  }

  get(groupId: string, userId: string): FakeMembership | undefined {
    return this.#items.find((m) => m.groupId === groupId && m.userId === userId);
  }

  has(groupId: string, userId: string): boolean {
    return this.get(groupId, userId) !== undefined;
  }

  /** Memberships, optionally of one group and/or one user, in insertion order. */
  list(filter: { groupId?: string; userId?: string; role?: string } = {}): FakeMembership[] {
    return this.#items.filter(
      (m) =>
        (filter.groupId === undefined || m.groupId === filter.groupId) &&
        (filter.userId === undefined || m.userId === filter.userId) &&
        (filter.role === undefined || m.role === filter.role),
    );
  }

  /** The users of a group, in membership order. */
  usersOf(groupId: string): FakeUser[] {
    return this.list({ groupId }).flatMap((m) => this.#store.users.get(m.userId) ?? []);
  }

  /** Drops every membership of a user or group (when it is deleted). */
  purge(filter: { groupId?: string; userId?: string }): void {
    for (const m of this.list(filter)) this.remove(m.groupId, m.userId);
  }

  #assertExists(groupId: string, userId: string): void {
    if (this.#store.groups.get(groupId) === undefined) {
      throw new StoreNotFoundError(`group '${groupId}' not found`);
    }
    if (this.#store.users.get(userId) === undefined) {
      throw new StoreNotFoundError(`user '${userId}' not found`);
    }
  }
}

/** The in-memory directory a fake app reads and writes. */
export class FakeStore {
  readonly users = new Collection<FakeUser>('user', 'username');
  readonly groups = new Collection<FakeGroup>('group', 'name');
  readonly memberships: Memberships = new Memberships(this);

  /** Adds a user; throws `StoreConflictError` when the username is taken. */
  addUser(input: NewUser): FakeUser {
    return this.users.insert({
      id: input.id ?? this.users.nextId(),
      username: input.username,
      email: input.email,
      givenName: input.givenName,
      familyName: input.familyName,
      status: input.status ?? 'active',
      data: input.data ?? {},
    });
  }

  /** Adds a group; throws `StoreConflictError` when the name is taken. */
  addGroup(input: NewGroup): FakeGroup {
    return this.groups.insert({
      id: input.id ?? this.groups.nextId(),
      name: input.name,
      description: input.description,
      data: input.data ?? {},
    });
  }

  /** Deletes a user and their memberships; false when there was no such user. */
  deleteUser(id: string): boolean {
    this.memberships.purge({ userId: id });
    return this.users.delete(id);
  }

  /** Deletes a group and its memberships; false when there was no such group. */
  deleteGroup(id: string): boolean {
    this.memberships.purge({ groupId: id });
    return this.groups.delete(id);
  }
}

export interface StoreSeed {
  users?: readonly NewUser[];
  groups?: readonly NewGroup[];
  /** Memberships by group name and username. */
  memberships?: ReadonlyArray<{ group: string; user: string; role?: string }>;
}

/**
 * Creates a store, optionally seeded. `seedUsers(count)` makes `user-001` ... for pagination
 * tests.
 */
export function createStore(seed: StoreSeed = {}): FakeStore {
  const store = new FakeStore();
  for (const user of seed.users ?? []) store.addUser(user);
  for (const group of seed.groups ?? []) store.addGroup(group);
  for (const { group, user, role } of seed.memberships ?? []) {
    const groupId = store.groups.findByKey(group)?.id;
    const userId = store.users.findByKey(user)?.id;
    if (groupId === undefined || userId === undefined) {
      throw new StoreNotFoundError(
        `createStore: membership of '${user}' in '${group}' names a user or group not in the seed`,
      );
    }
    store.memberships.add(groupId, userId, role);
  }
  return store;
}

/** `count` users named `<prefix>-001` ... with emails at example.com. */
export function seedUsers(count: number, prefix = 'user'): NewUser[] {
  const width = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, index) => {
    const name = `${prefix}-${String(index + 1).padStart(width, '0')}`;
    return { username: name, email: `${name}@example.com`, givenName: 'User', familyName: name };
  });
}
