import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/check-generated.mjs', import.meta.url));

describe('the generated connectors', () => {
  // The CI check itself: one connector per credential type is generated, typechecked and
  // linted; here the first one's tests run (CI runs them all).
  it('typecheck, lint and pass their tests at once', () => {
    const result = spawnSync(process.execPath, [SCRIPT, '--tests=first'], { encoding: 'utf8' });
    const lines = result.stdout
      .split('\n')
      .filter((line) => /^(ok|FAIL)/.test(line))
      .map((line) => line.replace(/ \([\d.]+ s(, .*)?\)$/, ''));
    expect(
      lines.filter((line) => line.startsWith('FAIL')),
      result.stdout,
    ).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'ok   generate check-token-link',
        'ok   generate check-basic-offset',
        'ok   generate check-oauth-cursor',
        'ok   generate check-oauth-client-credentials-page',
        'ok   generate check-jwt-scim',
        'ok   typecheck (tsc --noEmit)',
        'ok   lint (biome check)',
        'ok   test check-token-link (vitest run)',
      ]),
    );
    expect(result.status).toBe(0);
    // biome did look at the files: 5 connectors of about 22 source files each (Markdown
    // is not checked), not an empty folder.
    const checked = Number(/Checked (\d+) files/.exec(result.stdout)?.[1] ?? 0);
    expect(checked).toBeGreaterThanOrEqual(100);
  }, 300_000);
});
