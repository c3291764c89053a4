import type { z } from 'zod';
import type { ErrorHandler } from '../errors/error-handlers.ts';
import type { Redactor } from '../errors/redactor.ts';
import type { Logger } from '../logging/logger.ts';
import type { StandardCapabilityName } from '../protocol/capabilities.ts';
import type { CredentialOf, CredentialType } from '../protocol/credentials.ts';
import type { EntitlementType, ResourceType } from '../protocol/models.ts';

/** One credential of the multi-credential form (`credentials: [{ id, <type>: {...} }]`). */
export interface CredentialSpec {
  /** The id the caller puts on the entry, e.g. `admin` or `scim`. */
  id: string;
  type: CredentialType;
  /** @default false */
  optional?: boolean;
  description?: string;
}

export type AnySettingsSchema = z.ZodObject;

export interface IntegrationOptions<S extends AnySettingsSchema> {
  /** Stable id of the app, snake_case or kebab-case, e.g. `github`. */
  appId: string;
  /** The connector's version, usually its package.json version. */
  version: string;
  /** The app's name as users know it, e.g. `GitHub`. */
  name: string;
  description: string;
  logoUrl?: string;
  categories?: string[];
  /** The vendor's domain, e.g. `github.com`. */
  vendorDomain?: string;
  /**
   * Credential types accepted in `auth`: one, or several alternatives. Leave out for a
   * connector that needs none.
   */
  auth?: CredentialType | readonly CredentialType[];
  /** The multi-credential form: named credentials in `credentials`. */
  credentials?: readonly CredentialSpec[];
  /** The settings schema; mark secret fields with `secret()`. @default z.object({}) */
  settings?: S;
  resourceTypes?: readonly ResourceType[];
  entitlementTypes?: readonly EntitlementType[];
  /** Run before the default chain, in order; the first that returns a mapping wins. */
  errorHandlers?: readonly ErrorHandler[];
  /** OAuth scopes each capability needs, space-separated, shown in `info`. */
  oauthScopes?: Partial<Record<StandardCapabilityName, string>>;
}

/** The credential a request carried, by type (and id in the multi-credential form). */
export interface ProvidedCredential {
  id: string | undefined;
  type: CredentialType;
  value: unknown;
}

/** What a capability handler receives besides its request payload. */
export interface CapabilityContext<Settings> {
  capability: string;
  appId: string;
  settings: Settings;
  /** The page the caller asked for; `token` is undefined on the first page. */
  page: { token: string | undefined; size: number | undefined };
  includeRawData: boolean;
  /** Every credential the request carried, validated. */
  credentials: readonly ProvidedCredential[];
  /**
   * The credential of this type (and id, in the multi-credential form). Throws a
   * `ConnectorError` naming what is expected when the request did not carry it.
   */
  credential<T extends CredentialType>(type: T, id?: string): CredentialOf<T>;
  /** The first provided credential whose type is one of `types`, or undefined. */
  findCredential<T extends CredentialType>(
    ...types: T[]
  ): { type: T; value: CredentialOf<T> } | undefined;
  logger: Logger;
  /** Add derived secrets (e.g. a token exchanged during the call) so they are redacted. */
  redactor: Redactor;
  signal: AbortSignal;
}

export interface CapabilityArgs<Request, Settings> extends CapabilityContext<Settings> {
  request: Request;
}

/** What a handler returns: the payload, and optionally the next page and raw data. */
export interface CapabilityResult<Response> {
  response: Response;
  /** The token of the next page; leave undefined on the last page. */
  nextPageToken?: string | undefined;
  /** Upstream payloads; sent only when the caller asked with `include_raw_data`. */
  rawData?: unknown;
}

export type CapabilityHandler<Request, Response, Settings> = (
  args: CapabilityArgs<Request, Settings>,
) => Promise<CapabilityResult<Response>>;

export interface CapabilityMeta {
  displayName?: string;
  description?: string;
}
