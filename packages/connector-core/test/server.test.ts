import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Redactor } from '../src/errors/redactor.ts';
import { createStreamLogger } from '../src/logging/logger.ts';
import {
  type ConnectorServer,
  type ConnectorServerOptions,
  createConnectorServer,
} from '../src/server/index.ts';
import { integration } from './fixtures/example-connector/src/integration.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field.
type Json = any;

const TOKEN = 'ex_tok_srv_7c2e9f4a1b';
const SIGNING_KEY = 'sk-live-srv-3d8a6b0e2f';

let current: ConnectorServer | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function start(options: ConnectorServerOptions = {}): Promise<URL> {
  current = createConnectorServer(integration, options);
  return current.listen(0);
}

function envelope(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    request: {},
    auth: { token: { token: TOKEN } },
    settings: { tenant: 'acme', signing_key: SIGNING_KEY },
    ...extra,
  });
}

async function post(base: URL, path: string, body: string) {
  const response = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Json,
  };
}

describe('POST /<capability>', () => {
  it('answers 200 with the response envelope', async () => {
    const base = await start();

    const result = await post(base, '/validate_credentials', envelope());

    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(result.json).toEqual({
      response: { valid: true, unique_tenant_id: 'acme' },
      raw_data: null,
      page: null,
    });
  });

  it('answers 200 with an error envelope when the call fails', async () => {
    const base = await start();

    const result = await post(base, '/get_account', envelope({ request: { account_id: 'u999' } }));

    expect(result.status).toBe(200);
    expect(result.json).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "example",
          "error_code": "not_found",
          "message": "Example Directory has no account 'u999'; list accounts to see the ids",
          "raised_by": "ConnectorError",
          "raised_in": "integration:handler",
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });

  it('answers bad JSON with a bad_request envelope that quotes none of the body', async () => {
    const base = await start();

    const result = await post(
      base,
      '/list_accounts',
      `{"request":{},"auth":{"token":{"token":${TOKEN}}}}`,
    );

    expect(result.json.error.error_code).toBe('bad_request');
    expect(result.json.error.message).toBe(
      'The request envelope is not valid JSON: Unexpected token',
    );
  });

  it('answers under /<app_id>/<capability> too, as the Lumos description writes paths', async () => {
    const base = await start();

    const ours = await post(base, '/example/validate_credentials', envelope());
    const other = await post(base, '/github/validate_credentials', envelope());

    expect(ours.json.response).toEqual({ valid: true, unique_tenant_id: 'acme' });
    expect(other.status).toBe(404);
    expect(other.json.error.error_code).toBe('not_found');
  });

  it('answers an unknown capability through dispatch', async () => {
    const base = await start();

    const result = await post(base, '/list_everything', envelope());

    expect(result.status).toBe(200);
    expect(result.json.error.error_code).toBe('bad_request');
    expect(result.json.error.message).toContain("Unknown capability 'list_everything'");
  });

  it('refuses a body larger than the limit with 413', async () => {
    const base = await start({ bodyLimit: 1024 });

    const result = await post(base, '/list_accounts', envelope({ padding: 'x'.repeat(2048) }));

    expect(result.status).toBe(413);
    expect(result.json).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "example",
          "error_code": "bad_request",
          "message": "The request body is larger than 1024 bytes; send a smaller envelope",
          "raised_by": "ConnectorError",
          "raised_in": "server:handle",
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });

  it('refuses a chunked body that grows past the limit with 413', async () => {
    const base = await start({ bodyLimit: 1024 });

    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(new URL('/list_accounts', base), { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"request":{},"padding":"');
      req.write('y'.repeat(4096));
      req.end('"}');
    });

    expect(status).toBe(413);
  });
});

describe('the other routes', () => {
  it('GET /info answers the info envelope', async () => {
    const base = await start();

    const response = await fetch(new URL('/info', base));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      response: integration.info(),
      raw_data: null,
      page: null,
    });
  });

  it('GET /healthz answers ok', async () => {
    const base = await start();

    const response = await fetch(new URL('/healthz', base));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /openapi.json describes one POST path per capability, from the schemas', async () => {
    const base = await start();

    const document = (await (await fetch(new URL('/openapi.json', base))).json()) as Json;

    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({
      title: 'Example Directory connector',
      version: '1.2.3',
      description:
        'An in-memory directory that grantkit tests drive through the CLI and HTTP\n\n' +
        'Every capability path is also served under `/example`, e.g. `POST /example/validate_credentials`.',
    });
    expect(Object.keys(document.paths).sort()).toEqual([
      '/get_account',
      '/healthz',
      '/info',
      '/leak_attempt',
      '/list_accounts',
      '/openapi.json',
      '/validate_credentials',
      '/wait',
    ]);
    const wait = document.paths['/wait'].post;
    expect(wait.operationId).toBe('wait');
    expect(wait.requestBody.content['application/json'].schema.properties.request).toEqual({
      $ref: '#/components/schemas/WaitRequest',
    });
    expect(document.components.schemas.WaitRequest).toEqual(
      integration.info().capability_schema.wait!.argument,
    );
    expect(document.components.schemas.Settings.properties.signing_key['x-secret']).toBe(true);
    expect(wait.responses['200'].content['application/json'].schema.oneOf[1]).toEqual({
      $ref: '#/components/schemas/ErrorEnvelope',
    });
  });

  it('resolves every $ref of the OpenAPI document', async () => {
    const base = await start();
    const text = await (await fetch(new URL('/openapi.json', base))).text();
    const document = JSON.parse(text);

    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);

    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref.startsWith('#/components/schemas/')).toBe(true);
      expect(document.components.schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
    }
  });

  it.each([
    ['GET', '/nowhere/else', 404, 'not_found'],
    ['GET', '/list_accounts', 405, 'unsupported_operation'],
    ['POST', '/info', 405, 'unsupported_operation'],
    ['DELETE', '/healthz', 405, 'unsupported_operation'],
  ])('%s %s answers %i with an error envelope', async (method, path, status, code) => {
    const base = await start();

    const response = await fetch(new URL(path, base), { method });
    const json = (await response.json()) as Json;

    expect(response.status).toBe(status);
    expect(json.is_error).toBe(true);
    expect(json.error.error_code).toBe(code);
    if (status === 405) expect(response.headers.get('allow')).toMatch(/^(GET, HEAD|POST)$/);
  });
});

describe('shutdown', () => {
  it('lets an in-flight call finish, then closes', async () => {
    const base = await start();
    const inFlight = post(base, '/wait', envelope({ request: { ms: 300 } }));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const closed = current!.close();
    const result = await inFlight;
    await closed;

    expect(result.json).toEqual({ response: { waited: 300 }, raw_data: null, page: null });
    expect(current!.server.listening).toBe(false);
    await expect(fetch(new URL('/healthz', base))).rejects.toThrow();
  });

  it('aborts calls that outlive the shutdown timeout', async () => {
    const base = await start({ shutdownTimeout: 100 });
    const inFlight = post(base, '/wait', envelope({ request: { ms: 10_000 } })).catch(
      (error: Error) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = Date.now();
    await current!.close();

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await inFlight).toBeInstanceOf(Error);
  });
});

describe('logs', () => {
  it('are written per request, with every secret redacted', async () => {
    const lines: string[] = [];
    const base = await start({
      createLogger: (redactor?: Redactor) =>
        createStreamLogger({
          level: 'debug',
          write: (line) => lines.push(line),
          ...(redactor ? { redactor } : {}),
        }),
    });

    const result = await post(base, '/leak_attempt', envelope());

    const output = lines.join('\n') + JSON.stringify(result.json);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(SIGNING_KEY);
    expect(output).toContain('debug line with [REDACTED] and [REDACTED]');
    expect(lines.at(-1)).toMatch(/INFO {2}POST \/leak_attempt 200 ms=\d+$/);
  });
});
