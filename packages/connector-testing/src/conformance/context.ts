import {
  CREDENTIAL_SCHEMAS,
  createStreamLogger,
  type Integration,
  isCredentialType,
  type Logger,
  type Redactor,
  type ResponseEnvelope,
  secretPaths,
} from '@grantkit/connector-core';
import type { TestEnvelope } from '../run/call.ts';
import type { ConformanceOptions } from './options.ts';

/** Why a check did not run; returned instead of problems. */
export class Skip {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/**
 * What the checks share: the integration, the options, and every output so far (envelopes
 * and log lines), which the secrets check scans at the end.
 */
export class ConformanceContext {
  readonly integration: Integration;
  readonly options: ConformanceOptions;
  readonly outputs: string[] = [];

  constructor(integration: Integration, options: ConformanceOptions) {
    this.integration = integration;
    this.options = options;
  }

  /** Dispatches as the CLI does (logs at debug level, redacted), recording every output. */
  async call(capability: string, input: unknown): Promise<ResponseEnvelope> {
    let redactor: Redactor | undefined;
    const write = (line: string) => this.outputs.push(line);
    const logger = lateLogger(() =>
      createStreamLogger({ level: 'debug', write, ...(redactor ? { redactor } : {}) }),
    );
    const envelope = await this.integration.dispatch(capability, input, {
      logger,
      onRedactor: (received) => {
        redactor = received;
      },
    });
    this.outputs.push(JSON.stringify(envelope));
    return envelope;
  }

  /** The valid envelope of a capability, or one made of `validate_credentials`' auth and settings. */
  envelopeFor(capability: string): TestEnvelope | undefined {
    return this.options.envelope(capability);
  }

  /** Credentials and settings of a valid call, with the given request. */
  withRequest(capability: string, request: unknown): TestEnvelope | undefined {
    const base = this.envelopeFor(capability) ?? this.envelopeFor('validate_credentials');
    return base === undefined ? undefined : { ...base, request };
  }

  /** Every secret value of the valid envelopes: credential secrets and secret settings. */
  secrets(): string[] {
    const found = new Set<string>();
    for (const name of ['validate_credentials', ...this.integration.capabilityNames]) {
      const envelope = this.envelopeFor(name);
      if (envelope === undefined) continue;
      for (const value of credentialSecrets(envelope)) found.add(value);
      for (const path of secretPaths(this.integration.settingsSchema)) {
        const value = readPath(envelope.settings, path);
        if (typeof value === 'string') found.add(value);
      }
    }
    return [...found].filter((value) => value.length >= 4);
  }
}

/** Secret values in `auth` and `credentials`, by the credential schemas' `secret()` marks. */
export function credentialSecrets(envelope: TestEnvelope): string[] {
  const values: string[] = [];
  for (const credential of credentialObjects(envelope)) {
    for (const path of secretPaths(CREDENTIAL_SCHEMAS[credential.type])) {
      const value = readPath(credential.value, path);
      if (typeof value === 'string') values.push(value);
    }
  }
  return values;
}

/** A copy of the envelope with every secret (credentials and secret settings) set to `value`. */
export function replaceSecrets(
  envelope: TestEnvelope,
  integration: Integration,
  value: string,
): TestEnvelope {
  const copy = structuredClone(envelope);
  for (const credential of credentialObjects(copy)) {
    for (const path of secretPaths(CREDENTIAL_SCHEMAS[credential.type])) {
      writePath(credential.value, path, value);
    }
  }
  for (const path of secretPaths(integration.settingsSchema)) {
    if (typeof readPath(copy.settings, path) === 'string') writePath(copy.settings, path, value);
  }
  return copy;
}

function credentialObjects(
  envelope: TestEnvelope,
): Array<{ type: keyof typeof CREDENTIAL_SCHEMAS; value: unknown }> {
  const found: Array<{ type: keyof typeof CREDENTIAL_SCHEMAS; value: unknown }> = [];
  const collect = (holder: unknown) => {
    if (typeof holder !== 'object' || holder === null) return;
    for (const [key, value] of Object.entries(holder)) {
      if (isCredentialType(key)) found.push({ type: key, value });
    }
  };
  collect(envelope.auth);
  if (Array.isArray(envelope.credentials)) envelope.credentials.forEach(collect);
  return found;
}

function readPath(root: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[key]
          : undefined,
      root,
    );
}

function writePath(root: unknown, path: string, value: string): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const target = keys.length === 0 ? root : readPath(root, keys.join('.'));
  if (typeof target === 'object' && target !== null && last in target) {
    (target as Record<string, unknown>)[last] = value;
  }
}

function lateLogger(target: () => Logger): Logger {
  return {
    debug: (message, fields) => target().debug(message, fields),
    info: (message, fields) => target().info(message, fields),
    warn: (message, fields) => target().warn(message, fields),
    error: (message, fields) => target().error(message, fields),
    isEnabled: (level) => target().isEnabled(level),
  };
}
