import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ScaffoldError } from './errors.ts';
import { type ConnectorNames, connectorNames } from './names.ts';
import {
  AUTH_DESCRIPTIONS,
  AUTH_KINDS,
  type AuthKind,
  isAuthKind,
  isPaginationStyle,
  PAGINATION_DESCRIPTIONS,
  PAGINATION_STYLES,
  type PaginationStyle,
} from './options.ts';
import {
  STANDALONE_BIOME_CONFIG,
  STANDALONE_COMPILER_OPTIONS,
  STANDALONE_VERSIONS,
} from './versions.ts';
import { findWorkspace, type Workspace, workspacePackageNames } from './workspace.ts';

export interface GenerateOptions {
  /** The app's name in kebab-case, e.g. `acme-hr`. */
  app: string;
  /** The credential the connector takes. @default 'token' */
  auth?: string;
  /** How the app pages its user list. @default 'link' */
  pagination?: string;
  /**
   * The folder to create (relative to `cwd`). @default `connectors/<app>` of the grantkit
   * workspace, or `./<app>` outside it
   */
  dir?: string;
  /** Where the command was run: resolves `dir` and finds the workspace. */
  cwd: string;
}

export interface GenerateResult {
  dir: string;
  names: ConnectorNames;
  auth: AuthKind;
  pagination: PaginationStyle;
  /** `workspace`: inside the grantkit monorepo (workspace and catalog versions). */
  mode: 'workspace' | 'standalone';
  /** Paths written, relative to `dir`, sorted. */
  files: string[];
  /** The changeset written, if the connector is a package of the workspace. */
  changeset: string | undefined;
  /**
   * Whether the workspace's biome formatted the files: names longer or shorter than the
   * templates' placeholders can move line breaks.
   */
  formatted: boolean;
  /** Commands to run next, in order. */
  nextSteps: string[];
}

const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));

/**
 * Creates a connector from the templates: the files of the connector guide, its package,
 * README, tests against a fake app, and (in the workspace) a first changeset. Refuses a bad
 * name, a clash with an existing connector, and an existing non-empty folder; never
 * overwrites a file.
 */
export async function generateConnector(options: GenerateOptions): Promise<GenerateResult> {
  const names = checkName(options.app);
  const auth = checkChoice('auth', options.auth ?? 'token', isAuthKind, AUTH_KINDS);
  const pagination = checkChoice(
    'pagination',
    options.pagination ?? 'link',
    isPaginationStyle,
    PAGINATION_STYLES,
  );
  const workspace = findWorkspace(options.cwd);
  const dir = resolve(
    options.cwd,
    options.dir ?? (workspace ? join(workspace.connectorsDir, names.app) : names.app),
  );
  if (workspace) assertNoClash(workspace, names);
  assertFreeFolder(dir);

  const files = renderFiles(names, auth, pagination, workspace !== undefined);
  await writeAll(dir, files);

  const inWorkspace = workspace !== undefined && dirname(dir) === resolve(workspace.connectorsDir);
  const changeset = inWorkspace ? await writeChangeset(workspace, names) : undefined;
  const formatted = workspace ? await formatWithBiome(workspace, dir) : false;
  const shown = workspace ? relative(workspace.root, dir) : relative(options.cwd, dir) || '.';
  return {
    dir,
    names,
    auth,
    pagination,
    mode: workspace ? 'workspace' : 'standalone',
    files: [...files.keys()].sort(),
    changeset,
    formatted,
    nextSteps: workspace
      ? [
          'pnpm install',
          `pnpm --filter ${names.packageName} test`,
          `pnpm --filter ${names.packageName} typecheck`,
          `pnpm --filter ${names.packageName} lint`,
        ]
      : [
          `cd ${shown}`,
          'pnpm install',
          'pnpm exec biome check --write .',
          'pnpm test',
          'pnpm typecheck',
        ],
  };
}

//// Checks ////

function checkName(app: string): ConnectorNames {
  try {
    return connectorNames(app);
  } catch (error) {
    throw new ScaffoldError((error as Error).message, { usage: true });
  }
}

function checkChoice<T extends string>(
  what: string,
  value: string,
  is: (value: string) => value is T,
  choices: readonly T[],
): T {
  if (is(value)) return value;
  throw new ScaffoldError(`--${what} '${value}' is not one of: ${choices.join(', ')}`, {
    usage: true,
  });
}

function assertNoClash(workspace: Workspace, names: ConnectorNames): void {
  const existing = join(workspace.connectorsDir, names.app);
  if (existsSync(existing)) {
    throw new ScaffoldError(
      `A connector named '${names.app}' already exists at connectors/${names.app}; ` +
        'pick another name, or remove that folder first',
    );
  }
  const owner = workspacePackageNames(workspace).get(names.packageName);
  if (owner !== undefined) {
    throw new ScaffoldError(
      `The package ${names.packageName} already exists at ${owner}; pick another name`,
    );
  }
}

function assertFreeFolder(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) {
    throw new ScaffoldError(
      `${dir} already exists and is not an empty folder; the scaffolder never overwrites ` +
        'files: pass another --dir, or remove it first',
    );
  }
}

//// Rendering ////

/** Every file of the connector, by path relative to its folder. */
function renderFiles(
  names: ConnectorNames,
  auth: AuthKind,
  pagination: PaginationStyle,
  inWorkspace: boolean,
): Map<string, string> {
  const sources = new Map<string, string>();
  for (const layer of ['connector', `auth/${auth}`, `pagination/${pagination}`]) {
    for (const [path, content] of readTree(join(TEMPLATES, layer))) sources.set(path, content);
  }

  const values = placeholderValues(names, auth, pagination);
  const files = new Map<string, string>();
  for (const [path, content] of sources) {
    // `_package.json`: a package.json inside this package would read as a nested package.
    const target = path === '_package.json' ? 'package.json' : path;
    files.set(fill(target, values), fill(content, values));
  }

  const manifest = JSON.parse(files.get('package.json')!) as PackageJson;
  if (auth === 'jwt') manifest.dependencies.jose = 'catalog:';
  if (!inWorkspace) {
    makeStandalone(manifest);
    files.set(
      'tsconfig.json',
      json({ compilerOptions: STANDALONE_COMPILER_OPTIONS, include: ['src', 'test', '*.ts'] }),
    );
    files.set('biome.json', json(STANDALONE_BIOME_CONFIG));
  }
  manifest.dependencies = sortKeys(manifest.dependencies);
  manifest.devDependencies = sortKeys(manifest.devDependencies);
  files.set('package.json', json(manifest));
  return files;
}

function readTree(root: string, prefix = ''): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) entries.push(...readTree(root, path));
    else entries.push([path, readFileSync(join(root, path), 'utf8')]);
  }
  return entries;
}

type Placeholders = Array<[string, string]>;

/**
 * What each placeholder of the templates becomes, in the order they are replaced (longer
 * and more specific tokens first, so `xapp-name` is not read as `xapp-`).
 */
function placeholderValues(
  names: ConnectorNames,
  auth: AuthKind,
  pagination: PaginationStyle,
): Placeholders {
  return [
    ['XAPP_AUTH_JSON', JSON.stringify(EXAMPLE_AUTH[auth])],
    ['XAPP_CREDENTIALS', credentialsText(auth)],
    [
      'XAPP_PAGINATION',
      `XAPP_TITLE pages its user list with ${PAGINATION_DESCRIPTIONS[pagination]}.`,
    ],
    ['XAPP_USERS_ENDPOINT', USERS_ENDPOINTS[pagination]],
    ['XAPP_TITLE', names.title],
    ['xapp-name', names.app],
    ['xapp_id', names.appId],
    ['fake-xapp', `fake-${names.app}`],
    ['FakeXapp', `Fake${names.pascal}`],
    ['Xapp', names.pascal],
    ['xapp-', `${names.app}-`],
  ];
}

function fill(text: string, values: Placeholders): string {
  return values.reduce((result, [token, value]) => result.replaceAll(token, value), text);
}

const EXAMPLE_AUTH: Record<AuthKind, unknown> = {
  token: { token: { token: '<api token>' } },
  basic: { basic: { username: '<username>', password: '<password>' } },
  oauth: { oauth: { access_token: '<access token>' } },
  oauth_client_credentials: {
    oauth_client_credentials: {
      access_token: '<access token>',
      client_id: '<client id>',
      client_secret: '<client secret>',
      scopes: [],
    },
  },
  jwt: {
    jwt: {
      headers: { alg: 'HS256', kid: '<key id>' },
      claims: { iss: '<issuer>', sub: '<subject>' },
      secret: '<signing secret>',
    },
  },
};

const USERS_ENDPOINTS: Record<PaginationStyle, string> = {
  link: '`GET /users?per_page=N`, then each `Link` `rel="next"`',
  cursor: '`GET /users?limit=N&cursor=C`',
  offset: '`GET /users?offset=O&limit=N`',
  page: '`GET /users?page=P&per_page=N`',
  scim: '`GET /Users?startIndex=S&count=N` (SCIM 2.0)',
};

function credentialsText(auth: AuthKind): string {
  const example = JSON.stringify(EXAMPLE_AUTH[auth], null, 2);
  return [
    `The connector takes ${AUTH_DESCRIPTIONS[auth]}, in \`auth\` of the envelope:`,
    '',
    '```json',
    example,
    '```',
    '',
    'Secret fields are redacted from every message and log line.',
  ].join('\n');
}

//// package.json ////

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  [key: string]: unknown;
}

/** Concrete versions instead of `workspace:` and `catalog:`, and biome to lint with. */
function makeStandalone(manifest: PackageJson): void {
  delete manifest.devDependencies['@grantkit/tsconfig'];
  manifest.devDependencies['@biomejs/biome'] = 'catalog:';
  for (const group of [manifest.dependencies, manifest.devDependencies]) {
    for (const name of Object.keys(group)) {
      const version = STANDALONE_VERSIONS[name];
      if (version === undefined) {
        throw new Error(`create-connector has no standalone version for ${name} (a bug)`);
      }
      group[name] = version;
    }
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

//// Writing ////

async function writeAll(dir: string, files: Map<string, string>): Promise<void> {
  for (const [path, content] of files) {
    const target = join(dir, ...path.split('/'));
    if (!target.startsWith(dir + sep)) throw new Error(`template path escapes the folder: ${path}`);
    await mkdir(dirname(target), { recursive: true });
    // 'wx': fail rather than overwrite, even if something appeared since the check.
    await writeFile(target, content, { flag: 'wx' });
  }
}

const execFileAsync = promisify(execFile);

/**
 * Formats the new folder with the workspace's own biome (line breaks move with the length
 * of the names). Git-ignored folders are formatted too, hence no VCS integration.
 */
async function formatWithBiome(workspace: Workspace, dir: string): Promise<boolean> {
  const biome = join(workspace.root, 'node_modules/@biomejs/biome/bin/biome');
  if (!existsSync(biome)) return false;
  try {
    await execFileAsync(process.execPath, [biome, 'check', '--write', '--vcs-enabled=false', dir], {
      cwd: workspace.root,
    });
    return true;
  } catch {
    // Left as generated; `pnpm lint` names what to fix.
    return false;
  }
}

async function writeChangeset(workspace: Workspace, names: ConnectorNames): Promise<string> {
  // Not a .md file: the formatter would read its front matter as a heading.
  const template = readFileSync(join(TEMPLATES, 'changeset.md.tmpl'), 'utf8');
  const path = join(workspace.changesetDir, `connector-${names.app}-initial.md`);
  await mkdir(workspace.changesetDir, { recursive: true });
  await writeFile(path, fill(template, placeholderValues(names, 'token', 'link')), { flag: 'wx' });
  return relative(workspace.root, path);
}
