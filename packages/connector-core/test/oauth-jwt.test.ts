import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectorError,
  type JwtCredential,
  jwtBearerGrant,
  signJwtAssertion,
} from '../src/index.ts';
import { startTokenServer, type TokenServer } from './oauth-token-server.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });

function credential(overrides: Partial<JwtCredential>): JwtCredential {
  return {
    headers: {},
    claims: { iss: 'svc@acme.example', sub: 'svc@acme.example', aud: 'https://auth.example/token' },
    secret: 'shared-secret-0f8e6c2a9d7b4e1f',
    ...overrides,
  };
}

async function signError(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error('signing did not fail as expected');
  return error;
}

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('signJwtAssertion', () => {
  it('signs HS256 with a shared secret, keeping the headers and adding iat, exp and jti', async () => {
    const jwt = await signJwtAssertion(
      credential({
        headers: { kid: 'key-1', typ: 'JWT' },
        claims: { iss: 'acme', scope: ['a', 'b'] },
      }),
      { now: NOW, lifetime: 120 },
    );

    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      new TextEncoder().encode('shared-secret-0f8e6c2a9d7b4e1f'),
      { currentDate: NOW },
    );
    expect(protectedHeader).toEqual({ alg: 'HS256', kid: 'key-1', typ: 'JWT' });
    expect(payload).toEqual({
      iss: 'acme',
      scope: 'a b',
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 120,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('signs RS256 with a PKCS#1 PEM key, as GitHub Apps get them', async () => {
    const pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(pem).toContain('BEGIN RSA PRIVATE KEY');

    const jwt = await signJwtAssertion(credential({ secret: pem, claims: { iss: '12345' } }), {
      now: NOW,
    });

    const { payload } = await jwtVerify(jwt, rsa.publicKey, { currentDate: NOW });
    expect(decodeProtectedHeader(jwt).alg).toBe('RS256');
    expect(payload.iss).toBe('12345');
    expect(payload.exp).toBe(NOW_SECONDS + 300);
  });

  it('picks ES384 for a P-384 key, and honours an explicit alg', async () => {
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    const es = await signJwtAssertion(credential({ secret: pem }), { now: NOW });
    const ps = await signJwtAssertion(credential({ secret: rsaPem, headers: { alg: 'PS512' } }), {
      now: NOW,
    });

    await jwtVerify(es, ec.publicKey, { currentDate: NOW });
    await jwtVerify(ps, rsa.publicKey, { currentDate: NOW });
    expect([decodeProtectedHeader(es).alg, decodeProtectedHeader(ps).alg]).toEqual([
      'ES384',
      'PS512',
    ]);
  });

  it('refuses an asymmetric alg with a shared secret', async () => {
    const error = await signError(signJwtAssertion(credential({ headers: { alg: 'RS256' } })));

    expect(error.code).toBe('bad_request');
    expect(error.message).toMatchInlineSnapshot(
      `"The jwt credential's headers.alg is RS256, which signs with a private key, but its secret is not a PEM key; send the PEM private key, or use an HS* alg with a shared secret"`,
    );
  });

  it('refuses an alg that does not fit the key, and a PEM that is not a key', async () => {
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    const mismatch = await signError(
      signJwtAssertion(credential({ secret: pem, headers: { alg: 'RS256' } })),
    );
    const broken = await signError(
      signJwtAssertion(credential({ secret: '-----BEGIN PRIVATE KEY-----\nnot a key\n' })),
    );

    expect(mismatch.code).toBe('bad_request');
    expect(mismatch.message).toContain('cannot be signed with RS256');
    expect(broken.message).toContain('is not a private key Node can read');
    expect(`${mismatch.message} ${broken.message}`).not.toContain('not a key');
  });

  it('refuses claims whose exp is already past', async () => {
    const error = await signError(
      signJwtAssertion(credential({ claims: { exp: NOW_SECONDS - 1 } }), { now: NOW }),
    );

    expect(error.message).toContain(`claims.exp (${NOW_SECONDS - 1}) is in the past`);
  });
});

describe('jwtBearerGrant', () => {
  it('gets a token for an assertion the authorization server verifies', async () => {
    server = await startTokenServer({
      clientAuth: 'body',
      format: 'form',
      verifyAssertion: async (assertion) => {
        const { payload } = await jwtVerify(assertion, rsa.publicKey, {
          issuer: 'svc@acme.example',
          audience: 'https://auth.example/token',
        });
        return payload.sub ?? '';
      },
    });
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const assertion = await signJwtAssertion(credential({ secret: pem }));

    const token = await jwtBearerGrant({
      tokenUrl: server.tokenUrl,
      clientAuth: 'body',
      tokenRequestFormat: 'form',
      assertion,
      scopes: ['directory.read'],
    });

    expect(token.raw.subject).toBe('svc@acme.example');
    expect(server.requests[0]?.body).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
      scope: 'directory.read',
    });
  });

  it('answers unauthorized when the assertion is refused', async () => {
    server = await startTokenServer({
      clientAuth: 'body',
      format: 'form',
      verifyAssertion: async (assertion) => {
        await jwtVerify(assertion, rsa.publicKey);
        return '';
      },
    });
    const assertion = await signJwtAssertion(credential({}));

    const error = await signError(
      jwtBearerGrant({
        tokenUrl: server.tokenUrl,
        clientAuth: 'body',
        tokenRequestFormat: 'form',
        assertion,
      }),
    );

    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('refused the JWT assertion (HTTP 400, invalid_grant');
  });
});
