import { secret } from '@grantkit/connector-core';
import { z } from 'zod';

/** How the connection is encrypted; the names follow libpq's `sslmode`. */
export const SslModeSchema = z.enum(['disable', 'require', 'verify-full']);
export type SslMode = z.infer<typeof SslModeSchema>;

const RoleName = z.string().min(1).max(63);

/** The connector's settings: where the cluster is and how to treat its roles. */
export const SettingsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1').describe('Host name or IP address of the server'),
    port: z.number().int().min(1).max(65_535).default(5432).describe('TCP port of the server'),
    database: z
      .string()
      .min(1)
      .max(63)
      .default('postgres')
      .describe('Database to connect to; its schemas are the schema resources'),
    ssl_mode: SslModeSchema.default('disable').describe(
      'disable: plain TCP; require: encrypted, server not verified; ' +
        'verify-full: encrypted, certificate and host name verified',
    ),
    ssl_ca_certificate: secret(
      'PEM of the CA that signed the server certificate (verify-full); default: system CAs',
    ).optional(),
    ssl_client_certificate: z
      .string()
      .optional()
      .describe('PEM of a client certificate, for servers that require one'),
    ssl_client_key: secret('PEM of the client certificate key').optional(),
    connect_timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(300)
      .default(10)
      .describe('How long to wait for the connection'),
    statement_timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(3_600)
      .default(60)
      .describe('How long one statement may run before the server cancels it'),
    application_name: z
      .string()
      .max(63)
      .default('grantkit-postgres-connector')
      .describe('Shown in pg_stat_activity for the connector sessions'),
    service_account_pattern: z
      .string()
      .default('^(svc|app|service)[_-]')
      .refine(isValidRegExp, 'must be a valid JavaScript regular expression')
      .describe('Roles whose name matches this regular expression are service accounts'),
    deactivated_marker_role: RoleName.default('grantkit_deactivated').describe(
      'NOLOGIN role whose members are accounts this connector deactivated',
    ),
    end_sessions_on_deactivate: z
      .boolean()
      .default(true)
      .describe('deactivate_account also ends the sessions the role has open'),
    reassign_owned_to: RoleName.optional().describe(
      'When set, delete_account reassigns the objects the role owns to this role; ' +
        'when not set, delete_account refuses to delete a role that owns objects',
    ),
  })
  .superRefine((settings, context) => {
    if (settings.ssl_mode === 'disable' && settings.ssl_ca_certificate !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['ssl_ca_certificate'],
        message: 'is set but ssl_mode is disable; set ssl_mode to verify-full to use it',
      });
    }
    if (
      (settings.ssl_client_certificate === undefined) !==
      (settings.ssl_client_key === undefined)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['ssl_client_key'],
        message: 'ssl_client_certificate and ssl_client_key go together; set both or neither',
      });
    }
  });

export type Settings = z.output<typeof SettingsSchema>;

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}
