/** The app id in envelopes, page token kinds and `app_error_code`s. */
export const APP_ID = 'postgres';

export const APP_NAME = 'PostgreSQL';

/** Page size when the caller does not ask for one, and the largest page served. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 5_000;

/** The id of the global resource: the cluster itself. */
export const CLUSTER_RESOURCE_ID = '';

/** Separates the parts of resource and entitlement ids; escaped inside names. */
export const ID_SEPARATOR = ':';

/** The comment put on the marker role, so a DBA who finds it knows what it is for. */
export const MARKER_ROLE_COMMENT =
  'Managed by grantkit: members are login roles the connector deactivated (NOLOGIN). ' +
  'Grant it no privileges.';
