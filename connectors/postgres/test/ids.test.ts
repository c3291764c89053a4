import { describe, expect, it } from 'vitest';
import {
  decodeName,
  encodeName,
  entitlementId,
  parseEntitlementId,
  parseResourceId,
  resourceId,
} from '../src/ids.ts';

describe('resource and entitlement ids', () => {
  it('write names with ":" and "%" so that they split back into their parts', () => {
    const entitlement = {
      kind: 'tables',
      database: 'sales:eu',
      schema: '100% "raw"; DROP',
      privilege: 'SELECT',
    } as const;
    const id = entitlementId(entitlement);
    expect(id).toBe('tables:sales%3Aeu:100%25 "raw"; DROP:SELECT');
    expect(parseEntitlementId(id)).toEqual(entitlement);
  });

  it('round-trip every kind', () => {
    const all = [
      { kind: 'member', role: 'a:b%c' },
      { kind: 'attribute', attribute: 'SUPERUSER' },
      { kind: 'database', database: 'db', privilege: 'TEMPORARY' },
      { kind: 'schema', database: 'db', schema: 'ünïcødé 🐘', privilege: 'USAGE' },
    ] as const;
    for (const entitlement of all) {
      expect(parseEntitlementId(entitlementId(entitlement))).toEqual(entitlement);
    }
    expect(parseResourceId(resourceId({ type: 'schema', database: 'a:b', schema: '%' }))).toEqual({
      type: 'schema',
      database: 'a:b',
      schema: '%',
    });
    expect(parseResourceId('')).toEqual({ type: 'cluster' });
  });

  it('refuse ids this connector did not write', () => {
    for (const id of [
      'member:',
      'member:a:b',
      'attribute:superuser',
      'attribute:LOGIN',
      'database:db:SELECT',
      'schema:onlyone:USAGE',
      'tables:db:s:TRUNCATE',
      'database:50%off:CONNECT',
      'role:x',
      '',
    ]) {
      expect(parseEntitlementId(id), id).toBeUndefined();
    }
    for (const id of ['database', 'database:', 'schema:x', 'cluster', 'database:a%zz']) {
      expect(parseResourceId(id), id).toBeUndefined();
    }
  });

  it('decode only the escapes the encoder writes', () => {
    expect(decodeName(encodeName('%3A'))).toBe('%3A');
    expect(decodeName('%41')).toBeUndefined();
  });
});
