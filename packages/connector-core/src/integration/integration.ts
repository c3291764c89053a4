import { z } from 'zod';
import type { ErrorHandler } from '../errors/error-handlers.ts';
import {
  type CapabilityRequest,
  type CapabilityResponse,
  isReservedCapabilityName,
  isStandardCapabilityName,
  SNAKE_CASE,
  STANDARD_CAPABILITIES,
  type StandardCapabilityName,
} from '../protocol/capabilities.ts';
import type { CredentialType } from '../protocol/credentials.ts';
import type { ResponseEnvelope } from '../protocol/envelopes.ts';
import type { EntitlementType, ResourceType } from '../protocol/models.ts';
import { type DispatchOptions, dispatch } from './dispatch.ts';
import { buildInfo, type IntegrationInfo } from './info.ts';
import type {
  AnySettingsSchema,
  CapabilityHandler,
  CapabilityMeta,
  CredentialSpec,
  IntegrationOptions,
} from './types.ts';

/** A registered capability: its schemas, handler and description. */
export interface RegisteredCapability {
  name: string;
  standard: boolean;
  request: z.ZodType;
  response: z.ZodType;
  // biome-ignore lint/suspicious/noExplicitAny: handlers are checked by `register`'s types.
  handler: CapabilityHandler<any, any, any>;
  meta: CapabilityMeta;
}

/**
 * A connector: its description, accepted credentials, settings, and capabilities.
 * Create it with `defineIntegration`, then `register` each capability.
 */
export class Integration<S extends AnySettingsSchema = AnySettingsSchema> {
  readonly appId: string;
  readonly version: string;
  readonly name: string;
  readonly description: string;
  readonly logoUrl: string | undefined;
  readonly categories: readonly string[];
  readonly vendorDomain: string | undefined;
  readonly authTypes: readonly CredentialType[];
  readonly credentialSpecs: readonly CredentialSpec[];
  readonly settingsSchema: S;
  readonly resourceTypes: readonly ResourceType[];
  readonly entitlementTypes: readonly EntitlementType[];
  readonly errorHandlers: readonly ErrorHandler[];
  readonly oauthScopes: Partial<Record<StandardCapabilityName, string>>;
  readonly #capabilities = new Map<string, RegisteredCapability>();
  #info: IntegrationInfo | undefined;

  constructor(options: IntegrationOptions<S>) {
    assertAppId(options.appId);
    this.appId = options.appId;
    this.version = options.version;
    this.name = options.name;
    this.description = options.description;
    this.logoUrl = options.logoUrl;
    this.categories = options.categories ?? [];
    this.vendorDomain = options.vendorDomain;
    this.authTypes = normalizeAuth(options.auth);
    this.credentialSpecs = options.credentials ?? [];
    this.settingsSchema = options.settings ?? (z.object({}) as unknown as S);
    this.resourceTypes = options.resourceTypes ?? [];
    this.entitlementTypes = options.entitlementTypes ?? [];
    this.errorHandlers = options.errorHandlers ?? [];
    this.oauthScopes = options.oauthScopes ?? {};
    assertTypesConsistent(this.resourceTypes, this.entitlementTypes);
  }

  /**
   * Registers a standard capability. The handler's request and response types follow from
   * the name, so a handler for the wrong capability does not compile; at run time the name
   * must be a standard one that is not registered yet.
   */
  register<N extends StandardCapabilityName>(
    name: N,
    handler: CapabilityHandler<CapabilityRequest<N>, CapabilityResponse<N>, z.output<S>>,
    meta: CapabilityMeta = {},
  ): this {
    if (!isStandardCapabilityName(name)) {
      throw new TypeError(
        `register('${String(name)}'): not a standard capability; use registerCustom for your own`,
      );
    }
    const spec = STANDARD_CAPABILITIES[name];
    this.#add({ name, standard: true, ...spec, handler, meta });
    return this;
  }

  /**
   * Registers a capability of the connector's own, with its request and response schemas.
   * Its name must be snake_case and must not clash with a standard or reserved name.
   */
  registerCustom<Req extends z.ZodType, Res extends z.ZodType>(
    name: string,
    schemas: { request: Req; response: Res } & CapabilityMeta,
    handler: CapabilityHandler<z.output<Req>, z.input<Res>, z.output<S>>,
  ): this {
    if (!SNAKE_CASE.test(name)) {
      throw new TypeError(`registerCustom('${name}'): capability names must be snake_case`);
    }
    if (isReservedCapabilityName(name)) {
      throw new TypeError(
        `registerCustom('${name}'): '${name}' is a standard or reserved name; use register`,
      );
    }
    const { request, response, ...meta } = schemas;
    this.#add({ name, standard: false, request, response, handler, meta });
    return this;
  }

  #add(capability: RegisteredCapability): void {
    if (typeof capability.handler !== 'function') {
      throw new TypeError(`register('${capability.name}'): the handler must be a function`);
    }
    if (capability.handler.length > 1) {
      throw new TypeError(
        `register('${capability.name}'): a handler takes one argument ({ request, settings, ... })`,
      );
    }
    if (this.#capabilities.has(capability.name)) {
      throw new TypeError(`register('${capability.name}'): already registered`);
    }
    this.#capabilities.set(capability.name, capability);
    this.#info = undefined;
  }

  /** The registered capability of this name, if any. */
  capability(name: string): RegisteredCapability | undefined {
    return this.#capabilities.get(name);
  }

  /** Registered capability names, sorted. */
  get capabilityNames(): string[] {
    return [...this.#capabilities.keys()].sort();
  }

  /** Problems that make this integration unfit to run (e.g. no `validate_credentials`). */
  problems(): string[] {
    const problems: string[] = [];
    if (!this.#capabilities.has('validate_credentials')) {
      problems.push(`${this.appId}: every connector must register validate_credentials`);
    }
    return problems;
  }

  /** The `info` payload (cached until the next registration). */
  info(): IntegrationInfo {
    this.#info ??= buildInfo(this, [...this.#capabilities.values()]);
    return this.#info;
  }

  /**
   * Runs one capability call: validates the envelope (a JSON string or a parsed object),
   * credentials, settings and payload, runs the handler, validates its response, and turns
   * every failure into an error envelope. Never throws.
   */
  dispatch(name: string, input: unknown, options: DispatchOptions = {}): Promise<ResponseEnvelope> {
    return dispatch(this, name, input, options);
  }
}

/** Declares a connector. See `IntegrationOptions` for each field. */
export function defineIntegration<S extends AnySettingsSchema = z.ZodObject<Record<never, never>>>(
  options: IntegrationOptions<S>,
): Integration<S> {
  return new Integration(options);
}

function normalizeAuth(auth: IntegrationOptions<AnySettingsSchema>['auth']): CredentialType[] {
  if (auth === undefined) return [];
  return typeof auth === 'string' ? [auth] : [...auth];
}

function assertAppId(appId: string): void {
  if (!/^[a-z][a-z0-9]*([_-][a-z0-9]+)*$/.test(appId)) {
    throw new TypeError(`defineIntegration: appId '${appId}' must be snake_case or kebab-case`);
  }
}

function assertTypesConsistent(
  resourceTypes: readonly ResourceType[],
  entitlementTypes: readonly EntitlementType[],
): void {
  const known = new Set(resourceTypes.map((type) => type.type_id));
  for (const entitlement of entitlementTypes) {
    if (!known.has(entitlement.resource_type_id)) {
      throw new TypeError(
        `defineIntegration: entitlement type '${entitlement.type_id}' names resource type '${entitlement.resource_type_id}', which is not declared in resourceTypes`,
      );
    }
  }
}
