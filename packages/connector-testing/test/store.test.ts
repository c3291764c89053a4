import { describe, expect, it } from 'vitest';
import { createStore, StoreConflictError, StoreNotFoundError, seedUsers } from '../src/index.ts';

describe('createStore', () => {
  it('seeds users, groups and memberships by name', () => {
    const store = createStore({
      users: seedUsers(2),
      groups: [{ name: 'admins' }],
      memberships: [{ group: 'admins', user: 'user-002', role: 'owner' }],
    });
    expect(store.users.list().map((u) => [u.id, u.username, u.email, u.status])).toEqual([
      ['1', 'user-001', 'user-001@example.com', 'active'],
      ['2', 'user-002', 'user-002@example.com', 'active'],
    ]);
    expect(store.memberships.list()).toEqual([{ groupId: '1', userId: '2', role: 'owner' }]);
    expect(store.memberships.usersOf('1').map((u) => u.username)).toEqual(['user-002']);
  });

  it('keeps writes: add, update, remove, and deletes cascade to memberships', () => {
    const store = createStore();
    const ada = store.addUser({ username: 'ada', data: { site_admin: true } });
    const ops = store.addGroup({ name: 'ops' });
    expect(store.memberships.add(ops.id, ada.id)).toBe(true);
    expect(store.memberships.add(ops.id, ada.id, 'maintainer')).toBe(false);
    expect(store.memberships.get(ops.id, ada.id)?.role).toBe('maintainer');

    store.users.update(ada.id, { status: 'suspended' });
    expect(store.users.get(ada.id)).toMatchObject({
      status: 'suspended',
      data: { site_admin: true },
    });

    expect(store.deleteUser(ada.id)).toBe(true);
    expect(store.memberships.list()).toEqual([]);
    expect(store.deleteUser(ada.id)).toBe(false);
  });

  it('refuses taken names, case-insensitively, and unknown ids', () => {
    const store = createStore({ users: [{ username: 'Ada' }] });
    expect(() => store.addUser({ username: 'ada' })).toThrow(
      new StoreConflictError("user username 'ada' is already taken"),
    );
    expect(() => store.users.update('9', { email: 'x' })).toThrow(StoreNotFoundError);
    expect(() => store.memberships.add('1', '1')).toThrow("group '1' not found");
    expect(() => createStore({ memberships: [{ group: 'g', user: 'u' }] })).toThrow(
      "createStore: membership of 'u' in 'g' names a user or group not in the seed",
    );
  });
});
