import type { Integration } from '@grantkit/connector-core';
import { describe, it } from 'vitest';
import { type ConformanceCheck, planChecks } from './checks.ts';
import { ConformanceContext, Skip } from './context.ts';
import type {
  CheckResult,
  ConformanceOptions,
  ConformanceOptionsSource,
  ConformanceReport,
} from './options.ts';

async function runOne(check: ConformanceCheck, context: ConformanceContext): Promise<CheckResult> {
  await context.options.beforeEach?.();
  const outcome = await check.run(context);
  if (outcome instanceof Skip) {
    return {
      id: check.id,
      title: check.title,
      status: 'skipped',
      problems: [],
      note: outcome.reason,
    };
  }
  return {
    id: check.id,
    title: check.title,
    status: outcome.length === 0 ? 'passed' : 'failed',
    problems: outcome,
  };
}

/**
 * Runs the whole conformance suite and returns a report; for scripts and for tests that
 * assert on the report. `runConformance` registers the same checks as vitest tests.
 */
export async function checkConformance(
  integration: Integration,
  options: ConformanceOptions,
): Promise<ConformanceReport> {
  const context = new ConformanceContext(integration, options);
  const checks: CheckResult[] = [];
  for (const check of planChecks(integration)) {
    if (options.skip?.includes(check.id)) {
      checks.push({
        id: check.id,
        title: check.title,
        status: 'skipped',
        problems: [],
        note: 'left out by skip',
      });
      continue;
    }
    checks.push(await runOne(check, context));
  }
  return { appId: integration.appId, passed: checks.every((c) => c.status !== 'failed'), checks };
}

/**
 * Registers the conformance suite as vitest tests, one per check, inside
 * `describe('conformance: <app_id>')`. Call it at the top level of a test file; pass the
 * options as a function when they depend on a fake started in `beforeAll`.
 *
 * @example
 * let app: FakeApp;
 * beforeAll(async () => { app = await startAcmeFake(); });
 * afterAll(() => app.close());
 * runConformance(integration, () => ({ fake: app, envelope: () => envelopeFor(app) }));
 */
export function runConformance(integration: Integration, source: ConformanceOptionsSource): void {
  let context: ConformanceContext | undefined;
  const getContext = async (): Promise<ConformanceContext> => {
    if (context === undefined) {
      const options = typeof source === 'function' ? await source() : source;
      context = new ConformanceContext(integration, options);
    }
    return context;
  };

  describe(`conformance: ${integration.appId}`, () => {
    for (const check of planChecks(integration)) {
      it(check.title, async (test) => {
        const shared = await getContext();
        if (shared.options.skip?.includes(check.id)) {
          test.skip(`${check.id} left out by skip`);
          return;
        }
        const result = await runOne(check, shared);
        if (result.status === 'skipped') {
          test.skip(result.note);
          return;
        }
        if (result.problems.length > 0) {
          throw new Error(`${check.id}:\n- ${result.problems.join('\n- ')}`);
        }
      });
    }
  });
}
