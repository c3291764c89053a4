/** The app's name as users know it, in messages: "XAPP_TITLE answered 404 ...". */
export const APP_NAME = 'XAPP_TITLE';

/** Items per upstream request, unless the settings say otherwise. */
export const DEFAULT_PAGE_SIZE = 100;

/** The largest page the XAPP_TITLE API serves. */
export const MAX_PAGE_SIZE = 100;

/** Time allowed for one request, unless the settings say otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Accounts per protocol page when the caller names no `page.size`. */
export const DEFAULT_PROTOCOL_PAGE_SIZE = 100;
