/**
 * Versions written into a connector generated outside the grantkit monorepo, where the
 * `workspace:` and `catalog:` specifiers mean nothing. A test keeps them equal to the
 * workspace catalog and to the grantkit packages' own versions.
 */
export const STANDALONE_VERSIONS: Readonly<Record<string, string>> = {
  '@biomejs/biome': '2.6.9',
  '@grantkit/connector-core': '^0.1.0',
  '@grantkit/connector-testing': '^0.1.0',
  '@types/node': '^20.19.0',
  jose: '6.2.17',
  tsdown: '0.21.10',
  tsx: '4.23.15',
  typescript: '5.9.3',
  vitest: '4.1.12',
  zod: '4.6.7',
};

/** The compiler options of `@grantkit/tsconfig`, which is not published. */
export const STANDALONE_COMPILER_OPTIONS = {
  target: 'ES2023',
  lib: ['ES2023'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  customConditions: ['@grantkit/source'],
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  resolveJsonModule: true,
  allowImportingTsExtensions: true,
  esModuleInterop: true,
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
  declaration: true,
  noEmit: true,
};

/** The formatter and linter settings of the monorepo, for a standalone connector. */
export const STANDALONE_BIOME_CONFIG = {
  $schema: './node_modules/@biomejs/biome/configuration_schema.json',
  files: { includes: ['**', '!**/dist', '!**/node_modules'] },
  formatter: { enabled: true, indentStyle: 'space', indentWidth: 2, lineWidth: 100 },
  javascript: {
    formatter: { quoteStyle: 'single', semicolons: 'always', trailingCommas: 'all' },
  },
  linter: {
    enabled: true,
    rules: {
      recommended: true,
      suspicious: { noConsole: 'error' },
      style: { useImportType: 'error', useExportType: 'error', noNonNullAssertion: 'off' },
    },
  },
  overrides: [
    {
      includes: ['**/src/main.ts'],
      linter: { rules: { suspicious: { noConsole: 'off' } } },
    },
  ],
};
