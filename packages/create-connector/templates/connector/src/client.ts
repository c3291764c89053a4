import {
  type CapabilityContext,
  createHttpClient,
  type HttpClient,
  urlPath,
} from '@grantkit/connector-core';
import { httpAuth } from './auth.ts';
import { APP_NAME } from './constants.ts';
import type { XappUserStatus } from './enums.ts';
import type { XappSettings } from './settings.ts';

/** A user as the XAPP_TITLE API returns it. */
export interface XappUser {
  id: string;
  username: string;
  email?: string | null;
  given_name?: string | null;
  family_name?: string | null;
  status: XappUserStatus;
}

/** The XAPP_TITLE API, typed: one instance per capability call. */
export class XappClient {
  readonly http: HttpClient;
  readonly pageSize: number;

  constructor(http: HttpClient, pageSize: number) {
    this.http = http;
    this.pageSize = pageSize;
  }

  /** The tenant the credential belongs to: `GET /me`. */
  async tenant(): Promise<{ id: string; name: string }> {
    const { data } = await this.http.get<{ tenant: { id: string; name: string } }>('/me');
    return data.tenant;
  }

  /** One user: `GET /users/{id}`; a 404 answers `not_found`. */
  async user(id: string): Promise<XappUser> {
    const { data } = await this.http.get<XappUser>(urlPath`/users/${id}`);
    return data;
  }

  /** Changes a user's status: `PATCH /users/{id}`. */
  async setUserStatus(id: string, status: XappUserStatus): Promise<XappUser> {
    const { data } = await this.http.patch<XappUser>(urlPath`/users/${id}`, { json: { status } });
    return data;
  }
}

/**
 * The client of one call: its credential, settings, logger, redactor and signal, so that
 * every secret is redacted and the call's deadline applies to each request.
 */
export async function createClient(context: CapabilityContext<XappSettings>): Promise<XappClient> {
  const { settings } = context;
  const http = createHttpClient({
    baseUrl: settings.base_url,
    appName: APP_NAME,
    auth: await httpAuth(context),
    timeoutMs: settings.request_timeout_ms,
    logger: context.logger,
    redactor: context.redactor,
    signal: context.signal,
  });
  return new XappClient(http, settings.page_size);
}
