import { describe, expect, it } from 'vitest';
import {
  createPageTokenCodec,
  cursorEndpoint,
  defineIntegration,
  type FoundAccountData,
  fillTokenPage,
  isErrorEnvelope,
  offsetEndpoint,
  type SuccessEnvelope,
  WalkPositionSchema,
} from '../src/index.ts';

const TOKEN = 'canary-token-5be1d07a';

/** A connector listing members then outside collaborators, as two upstream lists. */
function sample() {
  const members = Array.from({ length: 5 }, (_, i) => `member${i}`);
  const collaborators = Array.from({ length: 4 }, (_, i) => `collaborator${i}`);
  const accountsToken = createPageTokenCodec({
    kind: 'sample:list_accounts',
    schema: WalkPositionSchema,
  });
  const entitlementsToken = createPageTokenCodec({
    kind: 'sample:list_entitlements',
    schema: WalkPositionSchema,
  });

  const integration = defineIntegration({
    appId: 'sample',
    version: '1.0.0',
    name: 'Sample',
    description: 'A sample app',
    auth: 'token',
  });
  integration.register('validate_credentials', async () => ({
    response: { valid: true, unique_tenant_id: 'acme' },
  }));
  integration.register('list_accounts', async ({ page, signal }) => {
    const endpoints = [
      cursorEndpoint({
        id: 'members',
        fetch: async (cursor) => {
          const at = Number(cursor ?? 0);
          return { items: members.slice(at, at + 2), nextCursor: at + 2 < 5 ? `${at + 2}` : null };
        },
      }),
      offsetEndpoint({
        id: 'collaborators',
        limit: 3,
        fetch: async (offset, limit) => ({
          items: collaborators.slice(offset, offset + limit),
          total: collaborators.length,
        }),
      }),
    ];
    const filled = await fillTokenPage({ endpoints, codec: accountsToken, page, signal });
    const response: FoundAccountData[] = filled.items.map((id) => ({
      integration_specific_id: id,
    }));
    return { response, nextPageToken: filled.nextPageToken };
  });
  return { integration, entitlementToken: entitlementsToken.encode([{ skip: 0 }]) };
}

function envelope(token: string | undefined) {
  return {
    request: {},
    auth: { token: { token: TOKEN } },
    page: token === undefined ? { size: 3 } : { token, size: 3 },
  };
}

describe('page tokens through dispatch', () => {
  it('pages through both upstream lists with the tokens the connector writes', async () => {
    const { integration } = sample();
    const ids: string[][] = [];
    let token: string | undefined;
    do {
      const result = await integration.dispatch('list_accounts', envelope(token));
      if (isErrorEnvelope(result)) throw new Error(result.error.message);
      const success = result as SuccessEnvelope<FoundAccountData[]>;
      ids.push(success.response.map((account) => account.integration_specific_id));
      token = success.page?.token;
    } while (token !== undefined);

    expect(ids).toEqual([
      ['member0', 'member1', 'member2'],
      ['member3', 'member4', 'collaborator0'],
      ['collaborator1', 'collaborator2', 'collaborator3'],
    ]);
  });

  it('answers a tampered token with an invalid_page_token envelope', async () => {
    const { integration } = sample();
    const first = (await integration.dispatch(
      'list_accounts',
      envelope(undefined),
    )) as SuccessEnvelope;
    const token = first.page?.token ?? '';
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;

    const result = await integration.dispatch('list_accounts', envelope(tampered));

    expect(result).toMatchInlineSnapshot(`
      {
        "error": {
          "app_id": "sample",
          "error_code": "invalid_page_token",
          "message": "The page token is not one this connector wrote for sample:list_accounts (checksum mismatch); restart the listing without a page token",
          "raised_by": "ConnectorError",
          "raised_in": "page-token:refuse",
        },
        "is_error": true,
        "page": null,
        "raw_data": null,
      }
    `);
  });

  it('answers the token of another capability with invalid_page_token', async () => {
    const { integration, entitlementToken } = sample();

    const result = await integration.dispatch('list_accounts', envelope(entitlementToken));

    expect(isErrorEnvelope(result) && result.error.error_code).toBe('invalid_page_token');
  });
});
