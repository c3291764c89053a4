import { CLUSTER_RESOURCE_ID, ID_SEPARATOR } from './constants.ts';
import {
  DATABASE_PRIVILEGES,
  type DatabasePrivilege,
  EntitlementTypeId,
  ResourceTypeId,
  ROLE_ATTRIBUTES,
  type RoleAttribute,
  SCHEMA_PRIVILEGES,
  type SchemaPrivilege,
  TABLE_PRIVILEGES,
  type TablePrivilege,
} from './enums.ts';

//// Resource and entitlement ids ////
//
// An id is a kind followed by its parts, joined with ':'. PostgreSQL names may contain any
// character but NUL, so inside a name '%' is written '%25' and ':' is written '%3A'; every
// other character stays as it is. An id therefore splits on ':' into exactly its parts, and
// each part decodes back to one name. Written by hand: it is five lines, and the SQL in
// client.ts builds the same ids with two replace() calls, which a library could not share.

export type Resource =
  | { type: 'cluster' }
  | { type: 'database'; database: string }
  | { type: 'schema'; database: string; schema: string };

export type Entitlement =
  | { kind: 'member'; role: string }
  | { kind: 'attribute'; attribute: RoleAttribute }
  | { kind: 'database'; database: string; privilege: DatabasePrivilege }
  | { kind: 'schema'; database: string; schema: string; privilege: SchemaPrivilege }
  | { kind: 'tables'; database: string; schema: string; privilege: TablePrivilege };

/** Escapes one name so that it can sit between separators. */
export function encodeName(name: string): string {
  return name.replaceAll('%', '%25').replaceAll(':', '%3A');
}

/** The name of one encoded part, or undefined when the part is not one `encodeName` wrote. */
export function decodeName(part: string): string | undefined {
  if (/%(?!25|3A)/.test(part)) return undefined;
  return part.replaceAll('%3A', ':').replaceAll('%25', '%');
}

function join(...parts: string[]): string {
  return parts.join(ID_SEPARATOR);
}

export function resourceId(resource: Resource): string {
  switch (resource.type) {
    case 'cluster':
      return CLUSTER_RESOURCE_ID;
    case 'database':
      return join('database', encodeName(resource.database));
    case 'schema':
      return join('schema', encodeName(resource.database), encodeName(resource.schema));
  }
}

export function parseResourceId(id: string): Resource | undefined {
  if (id === CLUSTER_RESOURCE_ID) return { type: 'cluster' };
  const [kind, ...rest] = id.split(ID_SEPARATOR);
  const names = decodeAll(rest);
  if (names === undefined) return undefined;
  if (kind === 'database' && names.length === 1) {
    return { type: 'database', database: names[0]! };
  }
  if (kind === 'schema' && names.length === 2) {
    return { type: 'schema', database: names[0]!, schema: names[1]! };
  }
  return undefined;
}

export function resourceTypeOf(resource: Resource): string {
  return ResourceTypeId[resource.type];
}

export function entitlementId(entitlement: Entitlement): string {
  switch (entitlement.kind) {
    case 'member':
      return join('member', encodeName(entitlement.role));
    case 'attribute':
      return join('attribute', entitlement.attribute);
    case 'database':
      return join('database', encodeName(entitlement.database), entitlement.privilege);
    case 'schema':
    case 'tables':
      return join(
        entitlement.kind,
        encodeName(entitlement.database),
        encodeName(entitlement.schema),
        entitlement.privilege,
      );
  }
}

export function parseEntitlementId(id: string): Entitlement | undefined {
  const [kind, ...rest] = id.split(ID_SEPARATOR);
  const last = rest.at(-1) ?? '';
  const names = decodeAll(rest.slice(0, -1));
  if (names === undefined) return undefined;

  if (kind === 'member' && rest.length === 1) {
    const role = decodeName(last);
    return role === undefined || role === '' ? undefined : { kind: 'member', role };
  }
  if (kind === 'attribute' && rest.length === 1 && isOneOf(ROLE_ATTRIBUTES, last)) {
    return { kind: 'attribute', attribute: last };
  }
  if (kind === 'database' && names.length === 1 && isOneOf(DATABASE_PRIVILEGES, last)) {
    return { kind: 'database', database: names[0]!, privilege: last };
  }
  if (kind === 'schema' && names.length === 2 && isOneOf(SCHEMA_PRIVILEGES, last)) {
    return { kind: 'schema', database: names[0]!, schema: names[1]!, privilege: last };
  }
  if (kind === 'tables' && names.length === 2 && isOneOf(TABLE_PRIVILEGES, last)) {
    return { kind: 'tables', database: names[0]!, schema: names[1]!, privilege: last };
  }
  return undefined;
}

/** The resource an entitlement is granted on. */
export function resourceOf(entitlement: Entitlement): Resource {
  switch (entitlement.kind) {
    case 'member':
    case 'attribute':
      return { type: 'cluster' };
    case 'database':
      return { type: 'database', database: entitlement.database };
    case 'schema':
    case 'tables':
      return { type: 'schema', database: entitlement.database, schema: entitlement.schema };
  }
}

export function entitlementTypeOf(entitlement: Entitlement): EntitlementTypeId {
  const byKind = {
    member: EntitlementTypeId.membership,
    attribute: EntitlementTypeId.attribute,
    database: EntitlementTypeId.database,
    schema: EntitlementTypeId.schema,
    tables: EntitlementTypeId.tables,
  } as const;
  return byKind[entitlement.kind];
}

function decodeAll(parts: string[]): string[] | undefined {
  const names: string[] = [];
  for (const part of parts) {
    const name = decodeName(part);
    if (name === undefined || name === '') return undefined;
    names.push(name);
  }
  return names;
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
