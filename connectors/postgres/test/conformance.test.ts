import { runConformance } from '@grantkit/connector-testing';
import { afterAll, beforeAll } from 'vitest';
import { integration } from '../src/integration.ts';
import { openCluster, type TestCluster } from './support/cluster.ts';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await openCluster('conf');
  const p = cluster.prefix;
  await cluster.sql(`CREATE ROLE ${p}group NOLOGIN; CREATE ROLE ${p}member LOGIN;
    CREATE ROLE ${p}other LOGIN`);
});

afterAll(() => cluster?.close());

// The conformance suite of connector-testing, against the same backend as the other files.
// The fault checks inject HTTP faults into a fake app; PostgreSQL is no HTTP app, so they
// report themselves skipped; security.test.ts covers refused, hung and rejected connections.
runConformance(integration, () => {
  const p = cluster.prefix;
  const grant = {
    account_integration_specific_id: `${p}member`,
    entitlement_integration_specific_id: `member:${p}group`,
    entitlement_type: 'role_membership',
    resource_integration_specific_id: '',
    resource_type: 'cluster',
  };
  return {
    pageSize: 3,
    grant,
    accountId: `${p}other`,
    envelope: (capability) => {
      switch (capability) {
        case 'get_account':
        case 'activate_account':
        case 'deactivate_account':
          return cluster.envelope({ account_id: `${p}other` });
        case 'assign_entitlement':
        case 'unassign_entitlement':
          return cluster.envelope(grant);
        case 'create_account':
        case 'delete_account':
          return undefined;
        default:
          return cluster.envelope({});
      }
    },
  };
});
