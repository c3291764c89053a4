import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_KINDS, generateConnector, PAGINATION_STYLES, ScaffoldError } from '../src/index.ts';
import { STANDALONE_VERSIONS } from '../src/versions.ts';

const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-connector-'));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder that looks like the grantkit monorepo to the scaffolder. */
function fakeWorkspace(): string {
  const root = tempDir();
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - connectors/*\n');
  mkdirSync(join(root, 'packages/connector-core'), { recursive: true });
  writeFileSync(
    join(root, 'packages/connector-core/package.json'),
    JSON.stringify({ name: '@grantkit/connector-core' }),
  );
  mkdirSync(join(root, 'connectors/okta'), { recursive: true });
  writeFileSync(
    join(root, 'connectors/okta/package.json'),
    JSON.stringify({ name: '@grantkit/connector-okta' }),
  );
  return root;
}

function readAll(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, readAll(dir, path));
    else files[path] = readFileSync(join(dir, path), 'utf8');
  }
  return files;
}

describe('generateConnector in the workspace', () => {
  it('creates connectors/<app> in the guide order, with a first changeset', async () => {
    const root = fakeWorkspace();
    const result = await generateConnector({ app: 'acme-hr', cwd: join(root, 'connectors') });

    expect(result.dir).toBe(join(root, 'connectors/acme-hr'));
    expect(result.mode).toBe('workspace');
    expect(result.files).toEqual([
      'README.md',
      'package.json',
      'src/auth.ts',
      'src/capabilities-read.ts',
      'src/capabilities-write.ts',
      'src/client.ts',
      'src/constants.ts',
      'src/enums.ts',
      'src/index.ts',
      'src/integration.ts',
      'src/main.ts',
      'src/pagination.ts',
      'src/settings.ts',
      'test/bin.test.ts',
      'test/conformance.test.ts',
      'test/fake-acme-hr.ts',
      'test/fake-auth.ts',
      'test/fake-pagination.ts',
      'test/read.test.ts',
      'test/write.test.ts',
      'tsconfig.json',
      'tsdown.config.ts',
      'vitest.config.ts',
    ]);
    expect(result.changeset).toBe('.changeset/connector-acme-hr-initial.md');
    expect(readFileSync(join(root, result.changeset!), 'utf8')).toBe(
      '---\n"@grantkit/connector-acme-hr": minor\n---\n\nFirst release of the Acme Hr connector: validate_credentials, list_accounts, get_account, deactivate_account and activate_account.\n',
    );

    const manifest = JSON.parse(readFileSync(join(result.dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@grantkit/connector-acme-hr',
      version: '0.0.0',
      bin: { 'acme-hr-connector': './dist/main.js' },
      files: ['dist', 'README.md', 'CHANGELOG.md'],
      publishConfig: { access: 'public' },
      dependencies: { '@grantkit/connector-core': 'workspace:^', zod: 'catalog:' },
    });
    expect(result.nextSteps[0]).toBe('pnpm install');
  });

  it('refuses a name that clashes with an existing connector or package', async () => {
    const root = fakeWorkspace();
    await expect(generateConnector({ app: 'okta', cwd: root })).rejects.toThrow(
      new ScaffoldError(
        "A connector named 'okta' already exists at connectors/okta; pick another name, or remove that folder first",
      ),
    );
    await expect(
      generateConnector({ app: 'okta', cwd: root, dir: join(root, 'elsewhere') }),
    ).rejects.toThrow(/already exists at connectors\/okta/);
  });

  it('refuses bad names and choices as usage errors', async () => {
    const cwd = tempDir();
    const refusal = await generateConnector({ app: 'Acme', cwd }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ScaffoldError);
    expect((refusal as ScaffoldError).usage).toBe(true);
    await expect(generateConnector({ app: 'acme', auth: 'saml', cwd })).rejects.toThrow(
      "--auth 'saml' is not one of: token, basic, oauth, oauth_client_credentials, jwt",
    );
    await expect(generateConnector({ app: 'acme', pagination: 'graphql', cwd })).rejects.toThrow(
      "--pagination 'graphql' is not one of: link, cursor, offset, page, scim",
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('never overwrites: a non-empty folder is refused and left as it was', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'acme'));
    writeFileSync(join(cwd, 'acme/README.md'), 'mine');
    await expect(generateConnector({ app: 'acme', cwd })).rejects.toThrow(
      `${join(cwd, 'acme')} already exists and is not an empty folder; the scaffolder never overwrites files: pass another --dir, or remove it first`,
    );
    expect(readAll(join(cwd, 'acme'))).toEqual({ 'README.md': 'mine' });
  });
});

describe('generateConnector outside the workspace', () => {
  it('writes concrete versions, its own tsconfig and biome config, and no changeset', async () => {
    const cwd = tempDir();
    const result = await generateConnector({ app: 'acme', auth: 'jwt', cwd });
    expect(result.mode).toBe('standalone');
    expect(result.changeset).toBeUndefined();
    expect(result.formatted).toBe(false);
    expect(result.nextSteps).toEqual([
      'cd acme',
      'pnpm install',
      'pnpm exec biome check --write .',
      'pnpm test',
      'pnpm typecheck',
    ]);

    const files = readAll(result.dir);
    const manifest = JSON.parse(files['package.json']!);
    expect(manifest.dependencies).toEqual({
      '@grantkit/connector-core': STANDALONE_VERSIONS['@grantkit/connector-core'],
      jose: STANDALONE_VERSIONS.jose,
      zod: STANDALONE_VERSIONS.zod,
    });
    expect(Object.values(manifest.devDependencies).join(' ')).not.toMatch(/workspace:|catalog:/);
    expect(JSON.parse(files['tsconfig.json']!).compilerOptions.strict).toBe(true);
    expect(JSON.parse(files['biome.json']!).formatter.lineWidth).toBe(100);
  });

  it('leaves no placeholder behind in any credential type and pagination style', async () => {
    for (const auth of AUTH_KINDS) {
      for (const pagination of PAGINATION_STYLES) {
        const cwd = tempDir();
        const result = await generateConnector({ app: 'zeta-app', auth, pagination, cwd });
        const files = readAll(result.dir);
        for (const [path, content] of Object.entries(files)) {
          expect(content, `${auth}/${pagination}: ${path}`).not.toMatch(/xapp/i);
        }
        expect(files['src/auth.ts']).toContain(`export const CREDENTIAL_TYPE = '${auth}'`);
        expect(files['README.md']).toContain('# @grantkit/connector-zeta-app');
      }
    }
  });
});
