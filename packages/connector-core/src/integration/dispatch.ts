import type { z } from 'zod';
import { ConnectorError } from '../errors/connector-error.ts';
import {
  DEFAULT_ERROR_HANDLERS,
  type ErrorMapping,
  formatZodIssues,
  mapError,
  raisedIn,
} from '../errors/error-handlers.ts';
import { Redactor } from '../errors/redactor.ts';
import { type Logger, silentLogger } from '../logging/logger.ts';
import {
  isStandardCapabilityName,
  META_CAPABILITY_NAMES,
  STANDARD_CAPABILITIES,
} from '../protocol/capabilities.ts';
import {
  CREDENTIAL_SCHEMAS,
  type CredentialOf,
  type CredentialType,
  isCredentialType,
} from '../protocol/credentials.ts';
import {
  type ErrorEnvelope,
  RequestEnvelopeSchema,
  type ResponseEnvelope,
} from '../protocol/envelopes.ts';
import { secretPaths } from '../protocol/secret.ts';
import type { Integration, RegisteredCapability } from './integration.ts';
import type { CapabilityArgs, ProvidedCredential } from './types.ts';

export interface DispatchOptions {
  /** Receives the call's logs; the CLI passes a redacting stderr logger. @default silent */
  logger?: Logger;
  /** Aborts the handler's I/O (e.g. on server shutdown). */
  signal?: AbortSignal;
  /**
   * Called with the redactor of this call as soon as the secrets are known, so the caller
   * can redact its own output (the CLI redacts stderr with it).
   */
  onRedactor?: (redactor: Redactor) => void;
}

/** Thrown inside dispatch for input problems; carries the protocol code. */
class DispatchError extends ConnectorError {
  override name = 'DispatchError';
}

export async function dispatch(
  integration: Integration,
  name: string,
  input: unknown,
  options: DispatchOptions = {},
): Promise<ResponseEnvelope> {
  if ((META_CAPABILITY_NAMES as readonly string[]).includes(name)) {
    return { response: integration.info(), raw_data: null, page: null };
  }

  const redactor = new Redactor();
  options.onRedactor?.(redactor);
  const logger = options.logger ?? silentLogger;
  const context = { appId: integration.appId, appName: integration.name, capability: name };

  try {
    const capability = findCapability(integration, name);
    const envelope = parseEnvelope(input, redactor);
    // The OAuth capabilities obtain the credential: they cannot require one.
    const credentialOptional =
      isStandardCapabilityName(name) && STANDARD_CAPABILITIES[name].level === 'authorization';
    const credentials = readCredentials(integration, envelope, credentialOptional);
    const settings = parseSettings(integration, envelope.settings ?? {}, redactor);
    addSecretValues(capability.request, envelope.request, redactor);
    const request = parsePayload(capability, envelope.request);

    const args: CapabilityArgs<unknown, unknown> = {
      capability: name,
      appId: integration.appId,
      request,
      settings,
      page: { token: envelope.page?.token ?? undefined, size: envelope.page?.size ?? undefined },
      includeRawData: envelope.include_raw_data === true,
      credentials,
      credential: (type, id) => pickCredential(integration, credentials, type, id),
      findCredential: (...types) => findCredential(credentials, types),
      logger,
      redactor,
      signal: options.signal ?? new AbortController().signal,
    };

    const started = performance.now();
    const result = await capability.handler(args);
    logger.debug(`${name} handled`, { ms: Math.round(performance.now() - started) });

    const response = checkResponse(capability, result?.response);
    const token = result.nextPageToken;
    return {
      response,
      raw_data: args.includeRawData && result.rawData !== undefined ? result.rawData : null,
      page:
        typeof token === 'string' && token !== ''
          ? args.page.size === undefined
            ? { token }
            : { token, size: args.page.size }
          : null,
    };
  } catch (error) {
    const mapping = mapError(
      error,
      [...integration.errorHandlers, ...DEFAULT_ERROR_HANDLERS],
      context,
    );
    const envelope = errorEnvelope(integration.appId, mapping, error, name, redactor);
    logger.debug(`${name} failed`, {
      error_code: mapping.code,
      raised_by: envelope.error.raised_by,
    });
    return envelope;
  }
}

//// Steps ////

function findCapability(integration: Integration, name: string): RegisteredCapability {
  const capability = integration.capability(name);
  if (capability !== undefined) return capability;
  if (isStandardCapabilityName(name)) {
    throw new DispatchError(
      'not_implemented',
      `${integration.name} connector does not implement ${name}`,
    );
  }
  throw new DispatchError(
    'bad_request',
    `Unknown capability '${name}'. This connector offers: ${integration.capabilityNames.join(', ')}`,
  );
}

type Envelope = z.output<typeof RequestEnvelopeSchema>;

function parseEnvelope(input: unknown, redactor: Redactor): Envelope {
  let raw = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new DispatchError(
        'bad_request',
        // V8's message quotes the input around the error, and no secret is known yet.
        `The request is not valid JSON: ${(error as Error).message
          .replace(/, ".*$/s, '')
          .replace(/^Unexpected token .*$/s, 'Unexpected token')}`,
      );
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DispatchError('bad_request', 'The request must be a JSON object (the envelope)');
  }
  collectCredentialSecrets(raw as Record<string, unknown>, redactor);

  const parsed = RequestEnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const missingRequest = parsed.error.issues.some(
      (issue) => issue.path.length === 1 && issue.path[0] === 'request',
    );
    throw new DispatchError(
      'bad_request',
      missingRequest
        ? 'The envelope has no `request` object; send `"request": {}` when the capability takes no input'
        : `The envelope is invalid: ${formatZodIssues(parsed.error)}`,
    );
  }
  const envelope = parsed.data;
  if (envelope.auth != null && envelope.credentials != null) {
    throw new DispatchError(
      'bad_request',
      'The envelope carries both `auth` and `credentials`; send exactly one of them',
    );
  }
  return envelope;
}

/**
 * Every string under `auth` and `credentials` becomes a secret to redact, except the
 * fields the protocol marks public (ids, usernames, scopes). Done before validation, so
 * that even a malformed credential never shows up in an error.
 */
function collectCredentialSecrets(raw: Record<string, unknown>, redactor: Redactor): void {
  const publicKeys = new Set(['id', 'username', 'client_id', 'consumer_key', 'token_id', 'scopes']);
  const visit = (value: unknown, key: string, depth: number): void => {
    if (depth > 8) return;
    if (typeof value === 'string') {
      if (!publicKeys.has(key)) redactor.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1);
    }
  };
  visit(raw.auth, 'auth', 0);
  visit(raw.credentials, 'credentials', 0);
  const basic = (raw.auth as { basic?: { username?: unknown; password?: unknown } } | undefined)
    ?.basic;
  if (typeof basic?.username === 'string' && typeof basic.password === 'string') {
    redactor.addBasic(basic.username, basic.password);
  }
}

function readCredentials(
  integration: Integration,
  envelope: Envelope,
  optional = false,
): ProvidedCredential[] {
  const needsAuth = integration.authTypes.length > 0;
  const needsMulti = integration.credentialSpecs.some((spec) => spec.optional !== true);
  const expected = describeExpected(integration);

  if (envelope.auth != null) {
    if (!needsAuth) {
      if (integration.credentialSpecs.length > 0) {
        throw new DispatchError('bad_request', `This connector takes ${expected}, not \`auth\``);
      }
      return [];
    }
    return [readAuth(integration, envelope.auth, expected)];
  }
  if (envelope.credentials != null) {
    if (integration.credentialSpecs.length === 0) {
      if (needsAuth) {
        throw new DispatchError(
          'bad_request',
          `This connector takes ${expected}, not \`credentials\``,
        );
      }
      return [];
    }
    return readMultiCredentials(integration, envelope.credentials);
  }
  if ((needsAuth || needsMulti) && !optional) {
    throw new DispatchError(
      'unauthenticated',
      `The request carries no credential; send ${expected}`,
    );
  }
  return [];
}

function describeExpected(integration: Integration): string {
  const options: string[] = [];
  if (integration.authTypes.length > 0) {
    options.push(`\`auth\` with one of: ${integration.authTypes.join(', ')}`);
  }
  if (integration.credentialSpecs.length > 0) {
    const specs = integration.credentialSpecs.map(
      (spec) => `${spec.id} (${spec.type}${spec.optional ? ', optional' : ''})`,
    );
    options.push(`\`credentials\` with: ${specs.join(', ')}`);
  }
  return options.join(' or ');
}

function readAuth(
  integration: Integration,
  auth: Record<string, unknown>,
  expected: string,
): ProvidedCredential {
  const keys = Object.keys(auth);
  if (keys.length !== 1) {
    throw new DispatchError(
      'bad_request',
      `\`auth\` must have exactly one key naming the credential type; got ${keys.length === 0 ? 'none' : keys.join(', ')}. Send ${expected}`,
    );
  }
  const type = keys[0]!;
  if (!isCredentialType(type) || !integration.authTypes.includes(type)) {
    throw new DispatchError(
      'bad_request',
      `Credential type '${type}' is not accepted by this connector; send ${expected}`,
    );
  }
  return { id: undefined, type, value: parseCredential(type, auth[type], 'auth') };
}

function readMultiCredentials(
  integration: Integration,
  entries: ReadonlyArray<Record<string, unknown> & { id: string }>,
): ProvidedCredential[] {
  const provided: ProvidedCredential[] = [];
  entries.forEach((entry, index) => {
    const spec = integration.credentialSpecs.find((candidate) => candidate.id === entry.id);
    if (spec === undefined) {
      const known = integration.credentialSpecs.map((s) => s.id).join(', ');
      throw new DispatchError(
        'bad_request',
        `credentials[${index}] has id '${entry.id}', which this connector does not take (known: ${known})`,
      );
    }
    if (!Object.hasOwn(entry, spec.type)) {
      throw new DispatchError(
        'bad_request',
        `credentials[${index}] (id '${spec.id}') must carry a '${spec.type}' credential`,
      );
    }
    const value = parseCredential(
      spec.type,
      entry[spec.type],
      `credentials[${index}].${spec.type}`,
    );
    provided.push({ id: spec.id, type: spec.type, value });
  });
  for (const spec of integration.credentialSpecs) {
    if (spec.optional !== true && !provided.some((p) => p.id === spec.id)) {
      throw new DispatchError(
        'unauthenticated',
        `The required credential '${spec.id}' (${spec.type}) is missing from \`credentials\``,
      );
    }
  }
  return provided;
}

function parseCredential(type: CredentialType, value: unknown, where: string): unknown {
  const parsed = CREDENTIAL_SCHEMAS[type].safeParse(value);
  if (!parsed.success) {
    throw new DispatchError(
      'bad_request',
      `The ${type} credential in ${where} is invalid: ${formatZodIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

function parseSettings(
  integration: Integration,
  settings: Record<string, unknown>,
  redactor: Redactor,
): unknown {
  addSecretValues(integration.settingsSchema, settings, redactor);
  // `reportInput` so that a wrong-typed setting is told apart from a missing one.
  const parsed = integration.settingsSchema.safeParse(settings, { reportInput: true });
  if (parsed.success) return parsed.data;

  const allMissing = parsed.error.issues.every(
    (issue) => issue.code === 'invalid_type' && issue.input === undefined,
  );
  throw new DispatchError(
    allMissing ? 'integration_missing_parameter' : 'bad_request',
    `Invalid settings: ${formatZodIssues(parsed.error, 'settings')}`,
  );
}

/** Adds the value of every field marked `secret()` in `schema` to the redactor. */
function addSecretValues(schema: z.ZodType, data: unknown, redactor: Redactor): void {
  for (const path of secretPaths(schema)) {
    const value = path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          typeof node === 'object' && node !== null
            ? (node as Record<string, unknown>)[key]
            : undefined,
        data,
      );
    if (typeof value === 'string') redactor.add(value);
  }
}

function parsePayload(capability: RegisteredCapability, request: unknown): unknown {
  const parsed = capability.request.safeParse(request);
  if (parsed.success) return parsed.data;
  throw new DispatchError(
    'bad_request',
    `Invalid ${capability.name} request: ${formatZodIssues(parsed.error, 'request')}`,
  );
}

function checkResponse(capability: RegisteredCapability, response: unknown): unknown {
  const parsed = capability.response.safeParse(response);
  if (parsed.success) return parsed.data;
  throw new ConnectorError(
    'internal_error',
    `The connector's ${capability.name} returned an invalid response (a connector bug): ${formatZodIssues(parsed.error, 'response')}`,
  );
}

function pickCredential<T extends CredentialType>(
  integration: Integration,
  credentials: readonly ProvidedCredential[],
  type: T,
  id?: string,
): CredentialOf<T> {
  const found = credentials.find((c) => c.type === type && (id === undefined || c.id === id));
  if (found) return found.value as CredentialOf<T>;
  const what = id === undefined ? `a ${type} credential` : `the '${id}' credential (${type})`;
  throw new ConnectorError(
    'unauthenticated',
    `This call needs ${what}; send ${describeExpected(integration)}`,
  );
}

function findCredential<T extends CredentialType>(
  credentials: readonly ProvidedCredential[],
  types: T[],
): { type: T; value: CredentialOf<T> } | undefined {
  for (const credential of credentials) {
    if ((types as CredentialType[]).includes(credential.type)) {
      return { type: credential.type as T, value: credential.value as CredentialOf<T> };
    }
  }
  return undefined;
}

function errorEnvelope(
  appId: string,
  mapping: ErrorMapping,
  error: unknown,
  capability: string,
  redactor: Redactor,
): ErrorEnvelope {
  const raisedBy =
    error instanceof Error
      ? error.name === 'Error'
        ? error.constructor.name
        : error.name
      : typeof error;
  const details: ErrorEnvelope['error'] = {
    message: redactor.redactText(mapping.message),
    error_code: mapping.code,
    app_id: appId,
    raised_by: raisedBy,
    raised_in: raisedIn(error, `${appId}:${capability}`),
  };
  if (mapping.statusCode !== undefined) details.status_code = mapping.statusCode;
  if (mapping.appErrorCode !== undefined) details.app_error_code = mapping.appErrorCode;
  return { is_error: true, error: details, raw_data: null, page: null };
}
