import type { CapabilityRequest } from '@grantkit/connector-core';
import type { FakeApp } from '../fake-app/server.ts';
import type { TestEnvelope } from '../run/call.ts';

/** The fault checks, by name; each maps an app failure to the protocol code it must give. */
export type FaultCheckName =
  | 'unauthorized'
  | 'permission_denied'
  | 'not_found'
  | 'rate_limit'
  | 'service_error'
  | 'bad_gateway'
  | 'connection_reset'
  | 'timeout'
  | 'malformed_json'
  | 'truncated_json'
  | 'html_error_page';

export interface ConformanceOptions {
  /**
   * A valid envelope for a capability: credentials, settings and request that succeed
   * against the target (fake or real). Return undefined for a capability that cannot be
   * called in this setup; the checks that need a valid call then skip it. Envelopes for
   * `validate_credentials` are the fallback for credentials and settings.
   */
  envelope: (capability: string) => TestEnvelope | undefined;
  /** Page size of the pagination walk: small, so that lists span several pages. @default 2 */
  pageSize?: number;
  /** List capabilities that may return no items here. @default ['list_custom_attributes_schema'] */
  allowEmpty?: readonly string[];
  /**
   * List capabilities that answer everything at once and take no page token.
   * @default ['list_custom_attributes_schema', 'get_last_activity']
   */
  unpaginated?: readonly string[];
  /** The fake the connector talks to; enables the fault checks. Leave out for non-HTTP connectors. */
  fake?: FakeApp;
  /** The capability the faults are injected under; it must call the app. @default 'validate_credentials' */
  faultCapability?: string;
  /**
   * Set when the envelope makes the connector give up quickly on an app that never answers
   * (a short timeout setting); enables the `timeout` fault check. @default false
   */
  timeoutFault?: boolean;
  /** Fault checks to leave out. */
  skipFaults?: readonly FaultCheckName[];
  /** A grant the target can perform and revoke, for the idempotency of assign/unassign. */
  grant?: CapabilityRequest<'assign_entitlement'>;
  /** An account the target can deactivate and activate, for the idempotency of those. */
  accountId?: string;
  /** Check ids to leave out (see `ConformanceCheck.id`), e.g. `pagination:list_expenses`. */
  skip?: readonly string[];
  /** Runs before every check, e.g. to reset the fake's store. */
  beforeEach?: () => void | Promise<void>;
}

/** Options, or a function that gives them once the fake has started (in `beforeAll`). */
export type ConformanceOptionsSource =
  | ConformanceOptions
  | (() => ConformanceOptions | Promise<ConformanceOptions>);

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What is wrong, one sentence each; empty when the check passed. */
  problems: string[];
  /** Why the check was skipped. */
  note?: string;
}

export interface ConformanceReport {
  appId: string;
  passed: boolean;
  checks: CheckResult[];
}
