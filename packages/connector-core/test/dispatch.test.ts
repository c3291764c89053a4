import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConnectorError,
  defineIntegration,
  type ErrorEnvelope,
  type FoundAccountData,
  isErrorEnvelope,
  type ResponseEnvelope,
  STANDARD_CAPABILITY_NAMES,
  secret,
} from '../src/index.ts';

const TOKEN = 'canary-token-8f3a91c2';
const SETTINGS_SECRET = 'canary-setting-55d0e7';

function sample() {
  const integration = defineIntegration({
    appId: 'sample',
    version: '1.2.3',
    name: 'Sample',
    description: 'A sample app',
    logoUrl: 'https://example.invalid/logo.png',
    categories: ['developers'],
    vendorDomain: 'sample.example',
    auth: ['token', 'basic'],
    settings: z.object({
      org: z.string().min(1),
      region: z.enum(['eu', 'us']).default('eu'),
      webhookKey: secret('Signing key').optional(),
    }),
    resourceTypes: [{ type_id: 'team', type_label: 'Team' }],
    entitlementTypes: [
      { type_id: 'team_member', type_label: 'Team member', resource_type_id: 'team', min: 0 },
    ],
    oauthScopes: { list_accounts: 'read:org' },
  });
  const accounts: FoundAccountData[] = Array.from({ length: 5 }, (_, i) => ({
    integration_specific_id: `u${i}`,
    email: `u${i}@sample.example`,
    user_status: 'ACTIVE',
  }));
  integration.register('validate_credentials', async ({ settings }) => ({
    response: { valid: true, unique_tenant_id: settings.org },
  }));
  integration.register('list_accounts', async ({ page }) => {
    const start = page.token === undefined ? 0 : Number(page.token);
    const size = page.size ?? 2;
    const next = start + size < accounts.length ? String(start + size) : undefined;
    return {
      response: accounts.slice(start, start + size),
      nextPageToken: next,
      rawData: { upstream: 'payload' },
    };
  });
  integration.register('list_resources', async () => ({
    // A connector bug: the label is missing.
    response: [{ integration_specific_id: 't1', resource_type: 'team' }] as never,
  }));
  integration.register('delete_account', async ({ request, credential }) => {
    const { token } = credential('token');
    throw new ConnectorError('not_found', `No account ${request.account_id} (token ${token})`, {
      statusCode: 404,
      appErrorCode: 'sample.no_such_account',
    });
  });
  integration.register('get_account', async ({ settings }) => {
    throw new Error(`failed with key ${settings.webhookKey}`);
  });
  integration.registerCustom(
    'list_audit_events',
    {
      request: z.object({ since: z.string() }),
      response: z.array(z.object({ id: z.string() })),
      description: 'Audit events since a date',
    },
    async ({ request }) => ({ response: [{ id: request.since }] }),
  );
  return integration;
}

function envelope(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    auth: { token: { token: TOKEN } },
    request: {},
    settings: { org: 'acme', webhookKey: SETTINGS_SECRET },
    ...extra,
  });
}

function errorOf(result: ResponseEnvelope): ErrorEnvelope['error'] {
  if (!isErrorEnvelope(result)) throw new Error(`expected an error: ${JSON.stringify(result)}`);
  expect(JSON.stringify(result)).not.toContain(TOKEN);
  expect(JSON.stringify(result)).not.toContain(SETTINGS_SECRET);
  return result.error;
}

describe('dispatch', () => {
  const integration = sample();

  it('answers a valid call with the success envelope', async () => {
    expect(await integration.dispatch('validate_credentials', envelope())).toEqual({
      response: { valid: true, unique_tenant_id: 'acme' },
      raw_data: null,
      page: null,
    });
  });

  it('accepts an already parsed envelope and the alternative credential type', async () => {
    const result = await integration.dispatch('validate_credentials', {
      auth: { basic: { username: 'admin', password: 'pw-123456' } },
      request: {},
      settings: { org: 'acme' },
    });
    expect(isErrorEnvelope(result)).toBe(false);
  });

  it('passes the page through and fills raw_data only when asked', async () => {
    const first = await integration.dispatch('list_accounts', envelope({ page: { size: 2 } }));
    expect(first).toMatchObject({ raw_data: null, page: { token: '2', size: 2 } });
    const last = await integration.dispatch(
      'list_accounts',
      envelope({ page: { size: 2, token: '4' }, include_raw_data: true }),
    );
    expect(last).toEqual({
      response: [
        { integration_specific_id: 'u4', email: 'u4@sample.example', user_status: 'ACTIVE' },
      ],
      raw_data: { upstream: 'payload' },
      page: null,
    });
  });

  it('runs custom capabilities with their own schemas', async () => {
    const result = await integration.dispatch(
      'list_audit_events',
      envelope({ request: { since: '2026-01-01' } }),
    );
    expect(result).toMatchObject({ response: [{ id: '2026-01-01' }] });
  });

  it('answers bad JSON with bad_request', async () => {
    expect(errorOf(await integration.dispatch('list_accounts', '{"request":'))).toMatchObject({
      error_code: 'bad_request',
      app_id: 'sample',
      raised_by: 'DispatchError',
    });
  });

  it('answers a missing request with bad_request saying what to send', async () => {
    const error = errorOf(
      await integration.dispatch('list_accounts', { auth: { token: { token: TOKEN } } }),
    );
    expect(error.error_code).toBe('bad_request');
    expect(error.message).toMatchInlineSnapshot(
      `"The envelope has no \`request\` object; send \`"request": {}\` when the capability takes no input"`,
    );
  });

  it('refuses both auth and credentials', async () => {
    const error = errorOf(
      await integration.dispatch(
        'list_accounts',
        envelope({ credentials: [{ id: 'x', token: { token: TOKEN } }] }),
      ),
    );
    expect(error).toMatchObject({ error_code: 'bad_request' });
    expect(error.message).toContain('both `auth` and `credentials`');
  });

  it('names the expected credential types for a wrong one', async () => {
    const error = errorOf(
      await integration.dispatch(
        'list_accounts',
        envelope({ auth: { oauth: { access_token: TOKEN } } }),
      ),
    );
    expect(error.message).toMatchInlineSnapshot(
      `"Credential type 'oauth' is not accepted by this connector; send \`auth\` with one of: token, basic"`,
    );
  });

  it('answers a missing credential with unauthenticated', async () => {
    const error = errorOf(
      await integration.dispatch('list_accounts', { request: {}, settings: { org: 'acme' } }),
    );
    expect(error.error_code).toBe('unauthenticated');
  });

  it('answers a malformed credential without echoing it', async () => {
    const error = errorOf(
      await integration.dispatch('list_accounts', envelope({ auth: { token: { tok: TOKEN } } })),
    );
    expect(error.error_code).toBe('bad_request');
    expect(error.message).toContain('auth');
  });

  it('lists every invalid setting', async () => {
    const error = errorOf(
      await integration.dispatch(
        'list_accounts',
        envelope({ settings: { org: '', region: 'mars', webhookKey: SETTINGS_SECRET } }),
      ),
    );
    expect(error.error_code).toBe('bad_request');
    expect(error.message).toContain('settings.org');
    expect(error.message).toContain('settings.region');
  });

  it('answers only-missing settings with integration_missing_parameter', async () => {
    const error = errorOf(await integration.dispatch('list_accounts', envelope({ settings: {} })));
    expect(error).toMatchObject({ error_code: 'integration_missing_parameter' });
    expect(error.message).toContain('settings.org');
  });

  it('validates the request payload', async () => {
    const error = errorOf(
      await integration.dispatch('delete_account', envelope({ request: { account_id: 7 } })),
    );
    expect(error.error_code).toBe('bad_request');
    expect(error.message).toContain('request.account_id');
  });

  it('answers an unregistered standard capability with not_implemented', async () => {
    expect(errorOf(await integration.dispatch('assign_entitlement', envelope()))).toMatchObject({
      error_code: 'not_implemented',
    });
  });

  it('answers an unknown capability with bad_request listing the known ones', async () => {
    const error = errorOf(await integration.dispatch('drop_everything', envelope()));
    expect(error.error_code).toBe('bad_request');
    expect(error.message).toContain('list_accounts');
  });

  it('reports an invalid handler response as internal_error naming the field', async () => {
    const error = errorOf(await integration.dispatch('list_resources', envelope()));
    expect(error.error_code).toBe('internal_error');
    expect(error.message).toContain('response.0.label');
  });

  it('keeps ConnectorError codes, status and app code, redacting secrets', async () => {
    const error = errorOf(
      await integration.dispatch('delete_account', envelope({ request: { account_id: 'u9' } })),
    );
    expect(error).toEqual({
      message: 'No account u9 (token [REDACTED])',
      error_code: 'not_found',
      status_code: 404,
      app_error_code: 'sample.no_such_account',
      app_id: 'sample',
      raised_by: 'ConnectorError',
      raised_in: expect.stringMatching(/^dispatch\.test:/),
    });
  });

  it('redacts request fields marked secret from errors', async () => {
    const integration = defineIntegration({
      appId: 'oauthy',
      version: '1',
      name: 'OAuthy',
      description: '',
    });
    integration.register('validate_credentials', async () => ({
      response: { valid: true, unique_tenant_id: 't' },
    }));
    integration.register('refresh_access_token', async ({ request }) => {
      throw new Error(`refresh with ${request.refresh_token} and ${request.client_secret} failed`);
    });
    const result = await integration.dispatch('refresh_access_token', {
      request: {
        client_id: 'app',
        client_secret: 'client-secret-77',
        refresh_token: 'rt-abcdef-99',
      },
    });
    expect(isErrorEnvelope(result) && result.error.message).toBe(
      'Unexpected error in refresh_access_token: refresh with [REDACTED] and [REDACTED] failed',
    );
  });

  it('maps an unexpected error and redacts secret settings from it', async () => {
    const error = errorOf(
      await integration.dispatch('get_account', envelope({ request: { account_id: 'u1' } })),
    );
    expect(error.error_code).toBe('unexpected_error');
    expect(error.message).toBe('Unexpected error in get_account: failed with key [REDACTED]');
  });
});

describe('info', () => {
  it('describes the connector completely', () => {
    const info = sample().info();
    expect(info).toMatchObject({
      app_id: 'sample',
      version: '1.2.3',
      capabilities: [
        'delete_account',
        'get_account',
        'list_accounts',
        'list_audit_events',
        'list_resources',
        'validate_credentials',
      ],
      user_friendly_name: 'Sample',
      description: 'A sample app',
      logo_url: 'https://example.invalid/logo.png',
      categories: ['developers'],
      app_vendor_domain: 'sample.example',
      resource_types: [{ type_id: 'team', type_label: 'Team' }],
      entitlement_types: [
        { type_id: 'team_member', type_label: 'Team member', resource_type_id: 'team', min: 0 },
      ],
      oauth_scopes: { list_accounts: 'read:org' },
    });
    expect(info.capability_schema.list_audit_events?.description).toBe('Audit events since a date');
    expect(info.request_settings_schema).toMatchObject({
      properties: { webhookKey: { 'x-secret': true } },
      required: ['org'],
    });
    expect(JSON.stringify(info.authentication_schema)).toContain('"x-secret":true');
  });

  it('lists every standard capability a connector registers, with JSON Schemas', () => {
    const integration = defineIntegration({
      appId: 'everything',
      version: '0.0.1',
      name: 'Everything',
      description: 'registers all',
      credentials: [
        { id: 'admin', type: 'basic' },
        { id: 'scim', type: 'token', optional: true },
      ],
    });
    for (const name of STANDARD_CAPABILITY_NAMES) {
      integration.register(name, async () => ({ response: undefined as never }));
    }
    const info = integration.info();
    expect(info.capabilities).toEqual([...STANDARD_CAPABILITY_NAMES].sort());
    for (const name of STANDARD_CAPABILITY_NAMES) {
      expect(info.capability_schema[name]?.argument).toHaveProperty('type', 'object');
      expect(info.capability_schema[name]?.output).toHaveProperty('type');
    }
    expect(info.credentials_schema).toMatchObject({ type: 'array', minItems: 1 });
  });

  it('is answered by dispatch for info and app_info', async () => {
    const integration = sample();
    expect(await integration.dispatch('info', '')).toEqual({
      response: integration.info(),
      raw_data: null,
      page: null,
    });
    expect(await integration.dispatch('app_info', '')).toMatchObject({
      response: { app_id: 'sample' },
    });
  });
});

describe('registration', () => {
  it('refuses bad names, duplicates and clashes', () => {
    const integration = sample();
    expect(() =>
      integration.registerCustom(
        'ListThings',
        { request: z.object({}), response: z.object({}) },
        async () => ({ response: {} }),
      ),
    ).toThrow('snake_case');
    expect(() =>
      integration.registerCustom(
        'list_accounts',
        { request: z.object({}), response: z.object({}) },
        async () => ({ response: {} }),
      ),
    ).toThrow('standard or reserved');
    expect(() =>
      integration.register('validate_credentials', async () => ({
        response: { valid: true, unique_tenant_id: 'x' },
      })),
    ).toThrow('already registered');
    expect(() =>
      integration.register('info' as never, async () => ({ response: {} as never })),
    ).toThrow('not a standard capability');
  });

  it('refuses entitlement types on undeclared resource types', () => {
    expect(() =>
      defineIntegration({
        appId: 'broken',
        version: '1',
        name: 'Broken',
        description: '',
        entitlementTypes: [{ type_id: 'x', type_label: 'X', resource_type_id: 'nope', min: 0 }],
      }),
    ).toThrow("resource type 'nope'");
  });

  it('reports a missing validate_credentials', () => {
    const integration = defineIntegration({
      appId: 'bare',
      version: '1',
      name: 'Bare',
      description: '',
    });
    expect(integration.problems()).toEqual([
      'bare: every connector must register validate_credentials',
    ]);
  });
});
