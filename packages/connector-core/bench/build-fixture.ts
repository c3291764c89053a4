/**
 * Builds the example connector of test/fixtures with its own tsdown.config.ts (the recipe
 * of the README), into `dist/` beside it or the directory given as the first argument.
 * Run under tsx with the source condition, so that the config's import of
 * `@grantkit/connector-core/build` resolves to this package's source:
 *
 *   node --conditions=@grantkit/source --import tsx bench/build-fixture.ts [outDir]
 */
import { fileURLToPath } from 'node:url';
import { build } from 'tsdown';

export const FIXTURE_DIR = fileURLToPath(
  new URL('../test/fixtures/example-connector/', import.meta.url),
);

/** Builds the fixture; resolves with the path of the bundled bin. */
export async function buildFixture(outDir = `${FIXTURE_DIR}dist`): Promise<string> {
  await build({
    config: `${FIXTURE_DIR}tsdown.config.ts`,
    // tsx is loaded in this process, so the config is imported natively, with conditions.
    configLoader: 'native',
    cwd: FIXTURE_DIR,
    outDir,
    logLevel: 'error',
  });
  return `${outDir}/main.js`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = await buildFixture(process.argv[2]);
  console.log(bin);
}
