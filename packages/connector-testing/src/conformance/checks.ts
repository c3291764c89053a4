import {
  type ErrorCode,
  ErrorEnvelopeSchema,
  type Integration,
  isErrorEnvelope,
  isStandardCapabilityName,
  STANDARD_CAPABILITIES,
  STANDARD_CAPABILITY_NAMES,
  type SuccessEnvelope,
} from '@grantkit/connector-core';
import { z } from 'zod';
import type { Fault } from '../fake-app/types.ts';
import { type ConformanceContext, replaceSecrets, Skip } from './context.ts';
import type { FaultCheckName } from './options.ts';

/** One check of the suite: `run` returns its problems (empty when it passed) or a `Skip`. */
export interface ConformanceCheck {
  id: string;
  title: string;
  run(context: ConformanceContext): Promise<string[] | Skip>;
}

const CANARY = 'grantkit-canary-7f3e9c1d2b';

/** The checks for this integration, in the order they run (the secrets check last). */
export function planChecks(integration: Integration): ConformanceCheck[] {
  const names = integration.capabilityNames;
  const lists = names.filter((name) => isListCapability(integration, name));
  return [
    { id: 'info', title: '`info` is complete and valid', run: checkInfo },
    ...names.map((name) => ({
      id: `bad-envelopes:${name}`,
      title: `${name} answers malformed envelopes with the right codes`,
      run: (context: ConformanceContext) => checkBadEnvelopes(context, name),
    })),
    ...lists.map((name) => ({
      id: `pagination:${name}`,
      title: `${name} paginates to the end with no duplicates and no repeated tokens`,
      run: (context: ConformanceContext) => checkPagination(context, name),
    })),
    ...FAULT_CHECKS.map((fault) => ({
      id: `fault:${fault.name}`,
      title: `${fault.describe} from the app maps to ${fault.codes.join(' or ')}`,
      run: (context: ConformanceContext) => checkFault(context, fault),
    })),
    {
      id: 'idempotent:assign_entitlement',
      title: 'granting twice succeeds and grants once; revoking what is absent succeeds',
      run: checkGrantIdempotency,
    },
    {
      id: 'idempotent:deactivate_account',
      title: 'deactivating and activating twice both succeed',
      run: checkActivationIdempotency,
    },
    {
      id: 'secrets',
      title: 'no secret (nor a canary secret) appears in any output',
      run: checkSecrets,
    },
  ];
}

function isListCapability(integration: Integration, name: string): boolean {
  return integration.capability(name)?.response instanceof z.ZodArray;
}

//// info ////

async function checkInfo(context: ConformanceContext): Promise<string[]> {
  const { integration } = context;
  const problems = [...integration.problems()];
  const envelope = await context.call('info', { request: {} });
  if (isErrorEnvelope(envelope)) return [`info failed: ${envelope.error.message}`];
  const info = (envelope as SuccessEnvelope<Record<string, unknown>>).response;

  const text = (key: string) => (typeof info[key] === 'string' ? (info[key] as string) : '');
  if (info.app_id !== integration.appId) problems.push(`info.app_id is not '${integration.appId}'`);
  if (!/^\d+\.\d+\.\d+/.test(text('version'))) {
    problems.push(`info.version '${text('version')}' is not a semantic version`);
  }
  for (const key of ['user_friendly_name', 'description']) {
    if (text(key).trim() === '') problems.push(`info.${key} is empty`);
  }
  const capabilities = info.capabilities as string[];
  if (JSON.stringify(capabilities) !== JSON.stringify([...capabilities].sort())) {
    problems.push('info.capabilities is not sorted');
  }
  if (!capabilities.includes('validate_credentials')) {
    problems.push('info.capabilities lacks validate_credentials');
  }
  const schemas = info.capability_schema as Record<
    string,
    { argument?: unknown; output?: unknown }
  >;
  for (const name of capabilities) {
    if (typeof schemas[name]?.argument !== 'object' || typeof schemas[name]?.output !== 'object') {
      problems.push(`info.capability_schema.${name} lacks an argument or output schema`);
    }
  }
  if (integration.authTypes.length > 0 && JSON.stringify(info.authentication_schema) === '{}') {
    problems.push('info.authentication_schema is empty though the connector takes credentials');
  }
  problems.push(...unmarkedSecretSettings(info.request_settings_schema));
  if (typeof info.logo_url === 'string' && !URL.canParse(info.logo_url)) {
    problems.push(`info.logo_url '${info.logo_url}' is not a URL`);
  }

  const again = await context.call('app_info', { request: {} });
  if (JSON.stringify(again) !== JSON.stringify(envelope)) {
    problems.push('app_info does not answer the same as info');
  }
  const unknown = await context.call('no_such_capability', { request: {} });
  problems.push(...expectCode(context, unknown, ['bad_request'], 'an unknown capability'));
  const missing = STANDARD_CAPABILITY_NAMES.find(
    (name) => integration.capability(name) === undefined,
  );
  if (missing !== undefined) {
    const answer = await context.call(missing, { request: {} });
    problems.push(...expectCode(context, answer, ['not_implemented'], `unregistered ${missing}`));
  }
  return problems;
}

const SECRET_NAME = /(pass(word)?|secret|token|api[-_]?key|private[-_]?key)$/i;

/** Settings named like secrets that are not marked with `secret()` (no `x-secret: true`). */
function unmarkedSecretSettings(schema: unknown, path = 'settings'): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (properties === undefined) return [];
  return Object.entries(properties).flatMap(([key, field]) => {
    const nested = unmarkedSecretSettings(field, `${path}.${key}`);
    const marked = (field as Record<string, unknown>)['x-secret'] === true;
    const isString = (field as { type?: unknown }).type === 'string';
    return SECRET_NAME.test(key) && isString && !marked
      ? [`info: ${path}.${key} looks like a secret but is not marked with secret()`, ...nested]
      : nested;
  });
}

//// Malformed envelopes ////

async function checkBadEnvelopes(context: ConformanceContext, name: string): Promise<string[]> {
  const { integration } = context;
  const valid = context.withRequest(name, context.envelopeFor(name)?.request ?? {});
  const problems: string[] = [];
  const expect = async (what: string, input: unknown, codes: ErrorCode[]) => {
    problems.push(...expectCode(context, await context.call(name, input), codes, what));
  };

  await expect('a body that is not JSON', '{"request": {', ['bad_request']);
  await expect('a JSON array', '[]', ['bad_request']);
  await expect('an envelope without `request`', { ...valid, request: undefined }, ['bad_request']);
  await expect('a `request` that is a string', { ...valid, request: 'all' }, ['bad_request']);

  const capability = integration.capability(name)!;
  if (!capability.request.safeParse({}).success) {
    await expect('an empty `request`', { ...valid, request: {} }, ['bad_request']);
  }
  if (valid === undefined) return problems;

  const needsCredentials =
    integration.authTypes.length > 0 || integration.credentialSpecs.length > 0;
  if (needsCredentials) {
    // The OAuth capabilities are how a credential is obtained: they run without one.
    const obtainsCredentials =
      isStandardCapabilityName(name) && STANDARD_CAPABILITIES[name].level === 'authorization';
    if (!obtainsCredentials) {
      const { auth: _auth, credentials: _credentials, ...bare } = valid;
      await expect('an envelope without credentials', bare, ['unauthenticated']);
    }
    await expect(
      'both `auth` and `credentials`',
      {
        ...valid,
        auth: valid.auth ?? { token: { token: 'x-token' } },
        credentials: valid.credentials ?? [{ id: 'x', token: { token: 'x-token' } }],
      },
      ['bad_request'],
    );
    if (integration.authTypes.length > 0) {
      await expect('an unknown credential type', { ...valid, auth: { carrier_pigeon: {} } }, [
        'bad_request',
      ]);
    }
  }
  if (!integration.settingsSchema.safeParse({}).success) {
    await expect('empty settings', { ...valid, settings: {} }, [
      'integration_missing_parameter',
      'bad_request',
    ]);
  }
  if (isPaginated(context, name)) {
    await expect(
      'a page token it did not write',
      { ...valid, page: { token: 'bm90LWEtdG9rZW4' } },
      ['invalid_page_token'],
    );
  }
  return problems;
}

function isPaginated(context: ConformanceContext, name: string): boolean {
  const unpaginated = context.options.unpaginated ?? [
    'list_custom_attributes_schema',
    'get_last_activity',
  ];
  return isListCapability(context.integration, name) && !unpaginated.includes(name);
}

/** Problems when `envelope` is not an error envelope of one of `codes` for this app. */
function expectCode(
  context: ConformanceContext,
  envelope: unknown,
  codes: readonly ErrorCode[],
  what: string,
): string[] {
  if (!isErrorEnvelope(envelope)) {
    return [`${what}: expected ${codes.join(' or ')}, but the call succeeded`];
  }
  const problems: string[] = [];
  const parsed = ErrorEnvelopeSchema.safeParse(envelope);
  if (!parsed.success) problems.push(`${what}: the error envelope does not match the protocol`);
  const { error } = envelope;
  if (!codes.includes(error.error_code)) {
    problems.push(
      `${what}: expected ${codes.join(' or ')}, got ${error.error_code} ("${error.message}")`,
    );
  }
  if (error.app_id !== context.integration.appId) {
    problems.push(`${what}: the error names app_id '${error.app_id}'`);
  }
  return problems;
}

//// Pagination ////

async function checkPagination(
  context: ConformanceContext,
  name: string,
): Promise<string[] | Skip> {
  const envelope = context.envelopeFor(name);
  if (envelope === undefined) return new Skip(`no envelope for ${name}`);
  const pageSize = context.options.pageSize ?? 2;
  const paginated = isPaginated(context, name);

  const small = await walk(context, name, envelope, paginated ? pageSize : undefined);
  if (small.problems.length > 0) return small.problems;
  const problems: string[] = [];
  const allowEmpty = context.options.allowEmpty ?? ['list_custom_attributes_schema'];
  if (small.items.length === 0 && !allowEmpty.includes(name)) {
    problems.push(`${name} returned no items; seed the target so that the walk means something`);
  }
  if (!paginated) return problems;

  const duplicates = findDuplicates(small.items);
  if (duplicates.length > 0) {
    problems.push(`${name} returned duplicates across pages: ${duplicates.slice(0, 5).join(', ')}`);
  }
  const whole = await walk(context, name, envelope, undefined);
  problems.push(...whole.problems);
  const a = new Set(small.items.map(identity));
  const b = new Set(whole.items.map(identity));
  if (a.size !== b.size || [...a].some((key) => !b.has(key))) {
    problems.push(
      `${name} returned ${a.size} distinct items with page size ${pageSize} but ${b.size} with its default page size`,
    );
  }
  return problems;
}

async function walk(
  context: ConformanceContext,
  name: string,
  envelope: Record<string, unknown>,
  size: number | undefined,
): Promise<{ items: unknown[]; problems: string[] }> {
  const items: unknown[] = [];
  const tokens = new Set<string>();
  let token: string | undefined;
  const label = size === undefined ? 'default page size' : `page size ${size}`;
  for (let page = 1; page <= 1000; page++) {
    const pageField = { ...(token ? { token } : {}), ...(size ? { size } : {}) };
    const answer = await context.call(name, { ...envelope, page: pageField });
    if (isErrorEnvelope(answer)) {
      return {
        items,
        problems: [
          `${name} (${label}) failed on page ${page}: ${answer.error.error_code}: ${answer.error.message}`,
        ],
      };
    }
    const success = answer as SuccessEnvelope<unknown[]>;
    if (size !== undefined && success.response.length > size) {
      return {
        items,
        problems: [
          `${name} answered ${success.response.length} items on page ${page} of size ${size}`,
        ],
      };
    }
    items.push(...success.response);
    const next = success.page?.token;
    if (next === undefined || next === '') return { items, problems: [] };
    if (tokens.has(next)) {
      return {
        items,
        problems: [`${name} (${label}) repeated the page token of an earlier page on page ${page}`],
      };
    }
    tokens.add(next);
    token = next;
  }
  return { items, problems: [`${name} (${label}) did not end within 1000 pages`] };
}

/** How the protocol identifies an item: ids (with their resource), or the whole item. */
function identity(item: unknown): string {
  const record = item as Record<string, unknown>;
  if (typeof record.account_id === 'string' && 'integration_specific_entitlement_id' in record) {
    return JSON.stringify([
      record.account_id,
      record.integration_specific_entitlement_id,
      record.integration_specific_resource_id,
    ]);
  }
  if (typeof record.integration_specific_id === 'string') {
    return JSON.stringify([
      record.resource_type ?? null,
      record.integration_specific_resource_id ?? null,
      record.integration_specific_id,
    ]);
  }
  return JSON.stringify(item);
}

function findDuplicates(items: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const item of items) {
    const key = identity(item);
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
  }
  return duplicates;
}

//// Faults ////

interface FaultCheck {
  name: FaultCheckName;
  describe: string;
  fault: Fault;
  codes: ErrorCode[];
  /** The client must have retried (more than one request reached the fake). */
  retried?: boolean;
}

const FAULT_CHECKS: FaultCheck[] = [
  {
    name: 'unauthorized',
    describe: '401',
    fault: { kind: 'status', status: 401 },
    codes: ['unauthorized'],
  },
  {
    name: 'permission_denied',
    describe: '403',
    fault: { kind: 'status', status: 403 },
    codes: ['permission_denied'],
  },
  {
    name: 'not_found',
    describe: '404',
    fault: { kind: 'status', status: 404 },
    codes: ['not_found'],
  },
  {
    name: 'rate_limit',
    describe: '429 on every attempt (after retries)',
    fault: { kind: 'rate_limit', retryAfter: 0 },
    codes: ['rate_limit'],
    retried: true,
  },
  {
    name: 'service_error',
    describe: '503',
    fault: { kind: 'server_error', status: 503 },
    codes: ['service_error'],
    retried: true,
  },
  {
    name: 'bad_gateway',
    describe: '500',
    fault: { kind: 'server_error', status: 500 },
    codes: ['bad_gateway'],
  },
  {
    name: 'connection_reset',
    describe: 'a connection reset',
    fault: { kind: 'reset' },
    codes: ['connection_closed'],
  },
  {
    name: 'timeout',
    describe: 'no answer (a timeout)',
    fault: { kind: 'timeout' },
    codes: ['request_timeout', 'connection_timeout'],
  },
  {
    name: 'malformed_json',
    describe: 'a malformed JSON body',
    fault: { kind: 'malformed_json' },
    codes: ['invalid_response'],
  },
  {
    name: 'truncated_json',
    describe: 'a truncated JSON body',
    fault: { kind: 'truncated_json' },
    codes: ['invalid_response'],
  },
  {
    name: 'html_error_page',
    describe: 'an HTML error page (502)',
    fault: { kind: 'html_error', status: 502 },
    codes: ['bad_gateway'],
  },
];

async function checkFault(
  context: ConformanceContext,
  check: FaultCheck,
): Promise<string[] | Skip> {
  const { fake, skipFaults = [], timeoutFault = false } = context.options;
  if (fake === undefined) return new Skip('no fake app given (a connector that does not use HTTP)');
  if (skipFaults.includes(check.name)) return new Skip('left out by skipFaults');
  if (check.name === 'timeout' && !timeoutFault) {
    return new Skip('set timeoutFault when the envelope gives the connector a short timeout');
  }
  const capability = context.options.faultCapability ?? 'validate_credentials';
  const envelope = context.envelopeFor(capability);
  if (envelope === undefined) return new Skip(`no envelope for ${capability}`);

  fake.clearFaults();
  const before = fake.requests.length;
  fake.inject(check.fault, { times: Number.POSITIVE_INFINITY });
  let answer: unknown;
  try {
    answer = await context.call(capability, envelope);
  } finally {
    fake.clearFaults();
  }
  const sent = fake.requests.length - before;
  if (sent === 0)
    return [`${capability} sent no request to the fake app; pick a faultCapability that does`];

  const problems = expectCode(context, answer, check.codes, `${check.describe} on ${capability}`);
  if (check.retried === true && sent < 2) {
    problems.push(`${check.describe}: the connector did not retry (1 request reached the app)`);
  }
  return problems;
}

//// Idempotent writes ////

async function checkGrantIdempotency(context: ConformanceContext): Promise<string[] | Skip> {
  const { integration, options } = context;
  if (
    !integration.capability('assign_entitlement') ||
    !integration.capability('unassign_entitlement')
  ) {
    return new Skip('assign_entitlement and unassign_entitlement are not both registered');
  }
  if (options.grant === undefined) return new Skip('no `grant` given in the options');
  const assign = context.withRequest('assign_entitlement', options.grant);
  const unassign = context.withRequest('unassign_entitlement', options.grant);
  if (assign === undefined || unassign === undefined) return new Skip('no envelope for writes');

  const problems: string[] = [];
  for (const [step, name, envelope] of [
    ['the first grant', 'assign_entitlement', assign],
    ['granting again', 'assign_entitlement', assign],
  ] as const) {
    problems.push(...expectSuccess(await context.call(name, envelope), step));
  }
  problems.push(...(await countGrants(context, 1, 'after granting twice')));
  for (const [step, envelope] of [
    ['the first revoke', unassign],
    ['revoking what is absent', unassign],
  ] as const) {
    problems.push(...expectSuccess(await context.call('unassign_entitlement', envelope), step));
  }
  problems.push(...(await countGrants(context, 0, 'after revoking twice')));
  return problems;
}

async function countGrants(
  context: ConformanceContext,
  expected: number,
  when: string,
): Promise<string[]> {
  const grant = context.options.grant!;
  const envelope = context.envelopeFor('find_entitlement_associations');
  if (!context.integration.capability('find_entitlement_associations') || envelope === undefined) {
    return [];
  }
  const { items, problems } = await walk(
    context,
    'find_entitlement_associations',
    envelope,
    undefined,
  );
  const count = items.filter((item) => {
    const a = item as Record<string, unknown>;
    return (
      a.account_id === grant.account_integration_specific_id &&
      a.integration_specific_entitlement_id === grant.entitlement_integration_specific_id
    );
  }).length;
  return count === expected
    ? problems
    : [
        ...problems,
        `${when}, find_entitlement_associations lists the grant ${count} times, not ${expected}`,
      ];
}

async function checkActivationIdempotency(context: ConformanceContext): Promise<string[] | Skip> {
  const { integration, options } = context;
  if (
    !integration.capability('deactivate_account') ||
    !integration.capability('activate_account')
  ) {
    return new Skip('deactivate_account and activate_account are not both registered');
  }
  if (options.accountId === undefined) return new Skip('no `accountId` given in the options');
  const problems: string[] = [];
  for (const name of [
    'deactivate_account',
    'deactivate_account',
    'activate_account',
    'activate_account',
  ]) {
    const envelope = context.withRequest(name, { account_id: options.accountId });
    if (envelope === undefined) return new Skip(`no envelope for ${name}`);
    problems.push(...expectSuccess(await context.call(name, envelope), `${name} (twice in a row)`));
  }
  return problems;
}

function expectSuccess(envelope: unknown, step: string): string[] {
  return isErrorEnvelope(envelope)
    ? [`${step} failed: ${envelope.error.error_code}: ${envelope.error.message}`]
    : [];
}

//// Secrets ////

async function checkSecrets(context: ConformanceContext): Promise<string[] | Skip> {
  const { integration, options } = context;
  const problems: string[] = [];

  // Every capability, called with the canary in place of each secret: it must not come back.
  for (const name of integration.capabilityNames) {
    const envelope = context.envelopeFor(name) ?? context.withRequest(name, {});
    if (envelope === undefined) continue;
    await context.call(name, replaceSecrets(envelope, integration, CANARY));
  }
  // The app echoes the credential it was sent in its error body, as some do.
  const capability = options.faultCapability ?? 'validate_credentials';
  const probe = context.envelopeFor(capability);
  if (options.fake !== undefined && probe !== undefined) {
    options.fake.clearFaults();
    options.fake.inject(
      { kind: 'status', status: 400, body: { message: `Invalid token ${CANARY}`, echo: CANARY } },
      { times: Number.POSITIVE_INFINITY },
    );
    try {
      await context.call(capability, replaceSecrets(probe, integration, CANARY));
    } finally {
      options.fake.clearFaults();
    }
  }

  const secrets = [...context.secrets(), CANARY];
  const forms = secrets.flatMap((secret) => [secret, Buffer.from(secret).toString('base64')]);
  const leaks = context.outputs.filter((output) => forms.some((form) => output.includes(form)));
  if (leaks.length > 0) {
    const first = forms.reduce((text, form) => text.replaceAll(form, '<SECRET>'), leaks[0]!);
    problems.push(
      `a secret appears in ${leaks.length} output(s); the first: ${first.slice(0, 240)}`,
    );
  }
  if (context.secrets().length === 0 && integration.authTypes.length > 0) {
    return [...problems, 'the valid envelopes carry no secret to look for; give credentials'];
  }
  return problems;
}
