import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, type RunOptions, runCli } from '../src/cli/index.ts';
import { integration } from './fixtures/example-connector/src/integration.ts';

const TOKEN = 'ex_tok_6f1d2c9a8b7e';
const SIGNING_KEY = 'sk-live-4b9e7d1f3a2c';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grantkit-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: envelopes are checked field by field.
  json: any;
}

async function run(
  argv: string[],
  env: Record<string, string> = {},
  options: RunOptions = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    argv,
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = await runCli(integration, io, options);
  let json: unknown;
  try {
    json = stdout === '' ? undefined : JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

function envelope(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    request: {},
    auth: { token: { token: TOKEN } },
    settings: { tenant: 'acme', signing_key: SIGNING_KEY },
    ...extra,
  });
}

describe('a capability call', () => {
  it('prints the response envelope as one JSON line and exits 0', async () => {
    const result = await run([
      'get_account',
      '--json',
      envelope({ request: { account_id: 'u00002' } }),
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.json).toEqual({
      response: {
        integration_specific_id: 'u00002',
        email: 'user00002@example.com',
        given_name: 'User',
        family_name: '00002',
        username: 'user00002',
        user_status: 'ACTIVE',
        account_type: 'user',
      },
      raw_data: null,
      page: null,
    });
    expect(result.stderr).toBe('');
  });

  it('reads the envelope from --json-file', async () => {
    const file = join(dir, 'envelope.json');
    await writeFile(file, envelope({ page: { size: 2 } }));

    const result = await run(['list_accounts', '--json-file', file]);

    expect(result.code).toBe(0);
    expect(result.json.response.map((a: { username: string }) => a.username)).toEqual([
      'user00001',
      'user00002',
    ]);
    expect(result.json.page).toEqual({ token: expect.any(String), size: 2 });
  });

  it('follows page tokens to the last page, which has no token', async () => {
    const first = await run(['list_accounts', '--json', envelope({ page: { size: 2 } })]);
    const second = await run([
      'list_accounts',
      '--json',
      envelope({ page: { size: 2, token: first.json.page.token } }),
    ]);

    expect(second.json.response.map((a: { username: string }) => a.username)).toEqual([
      'user00003',
    ]);
    expect(second.json.page).toBeNull();
  });

  it('gzips the envelope into --result-file-path and prints nothing on stdout', async () => {
    const file = join(dir, 'result.json.gz');

    const result = await run([
      'validate_credentials',
      '--json',
      envelope(),
      '--result-file-path',
      file,
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(gunzipSync(await readFile(file)).toString('utf8'))).toEqual({
      response: { valid: true, unique_tenant_id: 'acme' },
      raw_data: null,
      page: null,
    });
  });

  it('gzips an error envelope into the result file too, and exits 1', async () => {
    const file = join(dir, 'error.json.gz');

    const result = await run(['list_resources', '--json', envelope(), '--result-file-path', file]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const written = JSON.parse(gunzipSync(await readFile(file)).toString('utf8'));
    expect(written.error.error_code).toBe('not_implemented');
  });

  it('does not run the call when the result file cannot be written', async () => {
    const file = join(dir, 'missing-dir', 'out.gz');

    const result = await run([
      'validate_credentials',
      '--json',
      envelope(),
      '--result-file-path',
      file,
    ]);

    expect(result.code).toBe(1);
    expect(result.json.error.error_code).toBe('bad_request');
    expect(result.json.error.message).toContain(`--result-file-path '${file}' cannot be written`);
  });
});

describe('info', () => {
  it('is computed from the integration when there is no info file', async () => {
    const result = await run(['info'], {}, { infoFile: join(dir, 'no-such-info.json') });

    expect(result.code).toBe(0);
    expect(result.json.response.app_id).toBe('example');
    expect(result.json.response.capabilities).toEqual([
      'get_account',
      'leak_attempt',
      'list_accounts',
      'validate_credentials',
      'wait',
    ]);
    expect(result.json).toEqual({ response: integration.info(), raw_data: null, page: null });
  });

  it('prints the build-time info file as it is, without loading the integration', async () => {
    const file = join(dir, 'info.json');
    await writeFile(file, '{"response":{"app_id":"prebuilt"},"raw_data":null,"page":null}\n');
    let loaded = false;
    let stdout = '';
    const io: CliIo = {
      argv: ['info'],
      env: {},
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => {},
    };

    const code = await runCli(
      () => {
        loaded = true;
        return integration;
      },
      io,
      { infoFile: file },
    );

    expect(code).toBe(0);
    expect(stdout).toBe('{"response":{"app_id":"prebuilt"},"raw_data":null,"page":null}\n');
    expect(loaded).toBe(false);
  });

  it('answers app_info the same way', async () => {
    const result = await run(['app_info']);

    expect(result.json.response.app_id).toBe('example');
  });
});

describe('usage errors', () => {
  it.each([
    [[], 'No command given'],
    [
      ['list_accounts'],
      "list_accounts needs the request envelope: --json '<envelope>' or --json-file",
    ],
    [
      ['list_accounts', '--json', '{}', '--json-file', 'x.json'],
      'Give either --json or --json-file, not both',
    ],
    [['list_accounts', '--json', '{}', '--json', '{}'], '--json is given more than once'],
    [['list_accounts', '--jsn', '{}'], "Unknown option '--jsn'"],
    [
      ['list_accounts', 'extra', '--json', '{}'],
      "Unexpected argument after 'list_accounts': 'extra'",
    ],
    [['info', '--json', '{}'], 'info takes no --json or --json-file'],
    [['list_accounts', '--json', '{}', '--port', '1'], '--port applies to serve only'],
    [
      ['serve', '--port', 'http'],
      "--port 'http' is not a port number (0-65535; 0 picks a free port)",
    ],
    [['serve', '--json', '{}'], '--json does not apply to serve'],
  ])('%j prints usage on stderr and exits 2', async (argv, message) => {
    const result = await run(argv);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`error: ${message}`);
    expect(result.stderr).toContain('Usage: example-connector <command> [options]');
  });

  it('rejects a log level it does not know, naming the variable', async () => {
    const result = await run(['info'], { GRANTKIT_LOG_LEVEL: 'verbose' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error: GRANTKIT_LOG_LEVEL='verbose' is not a log level; use one of: debug, info, warn, error, silent",
    );
  });

  it('prints help on stdout with the capabilities, and exits 0', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: example-connector <command> [options]');
    expect(result.stdout).toContain(
      '  wait                  Waits, then answers: a slow call for shutdown tests',
    );
  });

  it('prints the argument and output schema of one capability with <capability> --help', async () => {
    const result = await run(['get_account', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('get_account:\n{\n  "argument": {');
  });
});

describe('every bad input gives an error envelope, exit 1, and no stack trace', () => {
  const cases: Array<[string, string[], string, string]> = [
    ['bad JSON', ['list_accounts', '--json', '{"request": {}'], 'bad_request', 'not valid JSON'],
    [
      'a missing request',
      ['list_accounts', '--json', JSON.stringify({ auth: { token: { token: TOKEN } } })],
      'bad_request',
      'The envelope has no `request` object',
    ],
    [
      'both auth and credentials',
      [
        'list_accounts',
        '--json',
        envelope({ credentials: [{ id: 'main', token: { token: TOKEN } }] }),
      ],
      'bad_request',
      'both `auth` and `credentials`',
    ],
    [
      'a wrong credential type',
      ['list_accounts', '--json', envelope({ auth: { oauth: { access_token: TOKEN } } })],
      'bad_request',
      "Credential type 'oauth' is not accepted",
    ],
    [
      'invalid settings',
      [
        'list_accounts',
        '--json',
        envelope({ settings: { tenant: 'acme', account_count: 'many' } }),
      ],
      'bad_request',
      'Invalid settings: settings.account_count',
    ],
    [
      'missing settings',
      ['list_accounts', '--json', envelope({ settings: {} })],
      'integration_missing_parameter',
      'Invalid settings: settings.tenant',
    ],
    [
      'an unknown capability',
      ['list_everything', '--json', envelope()],
      'bad_request',
      "Unknown capability 'list_everything'",
    ],
    [
      'an unregistered standard capability',
      ['list_resources', '--json', envelope()],
      'not_implemented',
      'does not implement list_resources',
    ],
    [
      'a tampered page token',
      ['list_accounts', '--json', envelope({ page: { token: 'djEuOTk5OTk5' } })],
      'invalid_page_token',
      'The page token was not written by this connector',
    ],
    [
      'an unreadable --json-file',
      ['list_accounts', '--json-file', '/nonexistent/envelope.json'],
      'bad_request',
      "Could not read --json-file '/nonexistent/envelope.json' (ENOENT)",
    ],
    [
      'a rejected credential',
      ['validate_credentials', '--json', envelope({ auth: { token: { token: 'nope-123456' } } })],
      'unauthorized',
      'rejected the token',
    ],
  ];

  it.each(cases)('%s', async (_name, argv, code, message) => {
    const result = await run(argv);

    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.json.is_error).toBe(true);
    expect(result.json.error.error_code).toBe(code);
    expect(result.json.error.message).toContain(message);
    expect(result.json.error.app_id).toBe('example');
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });

  it('gives this exact envelope for bad JSON', async () => {
    const result = await run(['list_accounts', '--json', '{"request": {}, oops}']);

    expect(result.json).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "example",
          "error_code": "bad_request",
          "message": "The request envelope is not valid JSON: Expected double-quoted property name (at character 16)",
          "raised_by": "ConnectorError",
          "raised_in": "cli:readEnvelope",
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });

  it('gives this exact envelope for an unreadable --json-file', async () => {
    const result = await run(['list_accounts', '--json-file', '/nonexistent/envelope.json']);

    expect(result.json).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "example",
          "error_code": "bad_request",
          "message": "Could not read --json-file '/nonexistent/envelope.json' (ENOENT); check that the file exists and is readable",
          "raised_by": "ConnectorError",
          "raised_in": "cli:readEnvelope",
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });
});

describe('secrets', () => {
  const secrets = [
    TOKEN,
    SIGNING_KEY,
    Buffer.from(TOKEN).toString('base64'),
    Buffer.from(`admin:${TOKEN}`).toString('base64'),
  ];
  const calls: Array<[string, string[]]> = [
    ['a call that logs and throws its secrets', ['leak_attempt', '--json', envelope()]],
    ['a successful call', ['validate_credentials', '--json', envelope()]],
    [
      'a rejected token',
      ['validate_credentials', '--json', envelope({ auth: { token: { token: `bad${TOKEN}` } } })],
    ],
    [
      'a wrong credential type',
      ['list_accounts', '--json', envelope({ auth: { oauth: { access_token: TOKEN } } })],
    ],
    [
      'a malformed credential',
      ['list_accounts', '--json', envelope({ auth: { token: { token: 42, other: TOKEN } } })],
    ],
    [
      'basic auth',
      [
        'validate_credentials',
        '--json',
        envelope({ auth: { basic: { username: 'admin', password: TOKEN } } }),
      ],
    ],
    [
      'bad settings',
      ['list_accounts', '--json', envelope({ settings: { tenant: 7, signing_key: SIGNING_KEY } })],
    ],
    [
      'a jwt credential the connector does not take',
      [
        'list_accounts',
        '--json',
        envelope({ auth: { jwt: { headers: {}, claims: {}, secret: TOKEN } } }),
      ],
    ],
    [
      'an oauth1 entry in credentials',
      [
        'list_accounts',
        '--json',
        JSON.stringify({
          request: {},
          credentials: [
            {
              id: 'main',
              oauth1: {
                consumer_key: 'ck',
                consumer_secret: TOKEN,
                token_id: 't',
                token_secret: SIGNING_KEY,
              },
            },
          ],
          settings: { tenant: 'acme' },
        }),
      ],
    ],
    [
      'unquoted secret in bad JSON',
      ['list_accounts', '--json', `{"request":{},"auth":{"token":{"token":${TOKEN}}}}`],
    ],
    ['secret after the JSON', ['list_accounts', '--json', `{"request":{}} ${TOKEN}`]],
    [
      'both auth and credentials',
      [
        'list_accounts',
        '--json',
        envelope({ credentials: [{ id: 'x', token: { token: TOKEN } }] }),
      ],
    ],
  ];

  for (const level of ['debug', 'info', 'warn', 'error']) {
    for (const format of ['text', 'json']) {
      it.each(calls)(
        `never appear in stdout or stderr (${level}, ${format}): %s`,
        async (_name, argv) => {
          const result = await run(argv, {
            GRANTKIT_LOG_LEVEL: level,
            GRANTKIT_LOG_FORMAT: format,
          });
          const output = result.stdout + result.stderr;

          for (const secret of secrets) expect(output).not.toContain(secret);
          expect(output).not.toContain(TOKEN.slice(0, 8));
          expect(output).not.toContain(SIGNING_KEY.slice(0, 8));
        },
      );
    }
  }

  it('are replaced by [REDACTED] in the logs of a call, at debug level', async () => {
    const result = await run(['leak_attempt', '--json', envelope()], {
      GRANTKIT_LOG_LEVEL: 'debug',
    });

    expect(result.stderr).toContain('debug line with [REDACTED] and [REDACTED]');
    expect(result.stderr).toContain('authorization=[REDACTED] key=[REDACTED]');
    expect(result.json.error.message).toBe(
      'Unexpected error in leak_attempt: upstream rejected [REDACTED] signed with [REDACTED]',
    );
  });

  it('are not quoted when dispatch itself is given text that is not JSON', async () => {
    const envelope = await integration.dispatch(
      'list_accounts',
      `{"request":{},"auth":{"token":{"token":${TOKEN}}}}`,
    );

    expect(JSON.stringify(envelope)).not.toContain(TOKEN.slice(0, 4));
    expect(envelope).toMatchObject({
      error: {
        error_code: 'bad_request',
        message: 'The request is not valid JSON: Unexpected token',
      },
    });
  });

  it('leaves stderr empty at the silent level', async () => {
    const result = await run(['leak_attempt', '--json', envelope()], {
      GRANTKIT_LOG_LEVEL: 'silent',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
  });

  it('logs one JSON object per line in the json format', async () => {
    const result = await run(['leak_attempt', '--json', envelope()], {
      GRANTKIT_LOG_LEVEL: 'info',
      GRANTKIT_LOG_FORMAT: 'json',
    });
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['info', 'calling leak_attempt'],
      ['info', 'info line'],
      ['warn', 'warn line: [REDACTED]'],
      ['error', 'error line: [REDACTED]'],
      [
        'warn',
        'the call failed: Unexpected error in leak_attempt: upstream rejected [REDACTED] signed with [REDACTED]',
      ],
    ]);
  });
});

describe('a connector that fails to load', () => {
  it('answers with an internal_error envelope naming the failure', async () => {
    let stdout = '';
    const code = await runCli(
      () => {
        throw new Error('Cannot find module ./client.ts');
      },
      {
        argv: ['list_accounts', '--json', '{}'],
        env: {},
        stdout: (t) => (stdout += t),
        stderr: () => {},
      },
    );

    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "unknown",
          "error_code": "internal_error",
          "message": "The connector failed to load: Cannot find module ./client.ts",
          "raised_by": "ConnectorError",
          "raised_in": "cli:loadIntegration",
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });
});

describe('a bug in the SDK itself', () => {
  it('still ends in one internal_error envelope on stdout, not a crash', async () => {
    const broken = {
      appId: 'broken',
      problems: () => [],
      dispatch: () => {
        throw new Error('dispatch exploded');
      },
    } as unknown as typeof integration;
    let stdout = '';
    let stderr = '';
    const code = await runCli(broken, {
      argv: ['list_accounts', '--json', '{"request":{}}'],
      env: { GRANTKIT_LOG_LEVEL: 'error' },
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
    });

    expect(code).toBe(1);
    expect(JSON.parse(stdout).error).toMatchObject({
      error_code: 'internal_error',
      message: 'The connector CLI failed: dispatch exploded',
    });
    expect(stderr).toContain('the CLI failed');
  });
});
