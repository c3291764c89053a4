export type { ConformanceCheck } from './checks.ts';
export { planChecks } from './checks.ts';
export type {
  CheckResult,
  CheckStatus,
  ConformanceOptions,
  ConformanceOptionsSource,
  ConformanceReport,
  FaultCheckName,
} from './options.ts';
export { checkConformance, runConformance } from './run.ts';
