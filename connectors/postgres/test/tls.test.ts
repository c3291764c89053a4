import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integration } from '../src/integration.ts';
import { openCluster, type TestCluster } from './support/cluster.ts';
import { makeCertificates, startTlsProxy, type TestCertificates } from './support/tls-proxy.ts';

let cluster: TestCluster;
let certificates: TestCertificates;
let proxy: Awaited<ReturnType<typeof startTlsProxy>>;

beforeAll(async () => {
  cluster = await openCluster('tls');
  certificates = await makeCertificates();
  proxy = await startTlsProxy(certificates, {
    host: String(cluster.settings.host),
    port: Number(cluster.settings.port),
  });
});

afterAll(async () => {
  await proxy?.close();
  await cluster?.close();
});

const validate = (settings: Record<string, unknown>) =>
  cluster.call(
    'validate_credentials',
    {},
    {
      settings: { host: '127.0.0.1', port: proxy.port, ...settings },
    },
  );

describe('ssl_mode', () => {
  it('verify-full accepts a server whose certificate the given CA signed', async () => {
    const envelope = await validate({
      ssl_mode: 'verify-full',
      ssl_ca_certificate: certificates.ca,
    });
    expect(envelope).toMatchObject({ response: { valid: true } });
  });

  it('verify-full refuses a certificate the system CAs do not know, saying what to set', async () => {
    const envelope = await validate({ ssl_mode: 'verify-full' });
    expect(envelope).toMatchObject({
      is_error: true,
      error: {
        error_code: 'connection_rejected',
        message: expect.stringMatching(
          /^PostgreSQL at 127\.0\.0\.1:\d+: the server certificate was not accepted \[[A-Z_]+\]; set ssl_ca_certificate to the CA that signed it, and check the host name matches$/,
        ),
      },
    });
  });

  it('require encrypts without verifying the server', async () => {
    expect(await validate({ ssl_mode: 'require' })).toMatchObject({
      response: { valid: true },
    });
  });

  it('refuses a CA certificate with ssl_mode disable, and marks the CA and key secret', async () => {
    const envelope = await validate({ ssl_ca_certificate: certificates.ca });
    expect(envelope).toMatchObject({
      is_error: true,
      error: {
        error_code: 'bad_request',
        message: expect.stringContaining(
          'ssl_ca_certificate: is set but ssl_mode is disable; set ssl_mode to verify-full',
        ),
      },
    });
    const schema = integration.info().request_settings_schema as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.properties.ssl_ca_certificate?.['x-secret']).toBe(true);
    expect(schema.properties.ssl_client_key?.['x-secret']).toBe(true);
  });
});
