import { describe, expect, it } from 'vitest';
import { connectorNames } from '../src/index.ts';

describe('connectorNames', () => {
  it('derives every name of a connector from its kebab-case app name', () => {
    expect(connectorNames('acme-hr')).toEqual({
      app: 'acme-hr',
      appId: 'acme_hr',
      pascal: 'AcmeHr',
      title: 'Acme Hr',
      packageName: '@grantkit/connector-acme-hr',
      bin: 'acme-hr-connector',
    });
    expect(connectorNames('m365-graph').pascal).toBe('M365Graph');
  });

  it('refuses names that are not kebab-case, and suggests one', () => {
    expect(() => connectorNames('AcmeHR')).toThrow(
      "'AcmeHR' is not a valid connector name: use kebab-case, lowercase letters and digits separated by single hyphens, starting with a letter (e.g. 'acme-hr')",
    );
    for (const bad of [
      'acme_hr',
      'acme--hr',
      '-acme',
      'acme-',
      '1password',
      '',
      'acme hr',
      '../x',
    ]) {
      expect(() => connectorNames(bad), bad).toThrow(/is not a valid connector name/);
    }
  });

  it('refuses reserved and overlong names', () => {
    expect(() => connectorNames('core')).toThrow(
      "'core' is reserved in this monorepo; name the connector after its app",
    );
    expect(() => connectorNames(`a${'-b'.repeat(30)}`)).toThrow(/too long/);
  });
});
