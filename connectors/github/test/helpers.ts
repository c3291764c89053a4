import { collectPages, type TestEnvelope } from '@grantkit/connector-testing';
import { integration } from '../src/integration.ts';
import {
  type FakeGitHub,
  type FakeGitHubOptions,
  startFakeGitHub,
  TOKENS,
} from './fake-github/index.ts';

export { TOKENS };

/** A valid envelope for the fake: the owner's token and the fake's base URL. */
export function envelopeFor(
  fake: FakeGitHub,
  request: Record<string, unknown> = {},
  overrides: { token?: string; settings?: Record<string, unknown> } = {},
): TestEnvelope {
  return {
    auth: { token: { token: overrides.token ?? TOKENS.owner } },
    settings: {
      organization: fake.org.login,
      api_base_url: fake.apiBaseUrl,
      ...overrides.settings,
    },
    request,
  };
}

/** Calls a capability through dispatch. */
export function call(capability: string, envelope: TestEnvelope) {
  return integration.dispatch(capability, envelope);
}

/** Every item of a listing, following page tokens. */
export async function listAll(
  capability: string,
  envelope: TestEnvelope,
  pageSize?: number,
): Promise<{ items: unknown[]; pages: number }> {
  const collected = await collectPages(
    integration,
    capability,
    envelope,
    pageSize === undefined ? {} : { pageSize },
  );
  if (collected.error) {
    throw new Error(
      `${capability} failed: ${collected.error.error_code}: ${collected.error.message}`,
    );
  }
  return { items: collected.items, pages: collected.envelopes.length };
}

export function startFake(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  return startFakeGitHub(options);
}
