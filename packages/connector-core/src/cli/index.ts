export { runIntegration } from './bin.ts';
export { type CliConfig, type CliConfigResult, readCliConfig } from './config.ts';
export {
  type CliIo,
  EXIT_ERROR_ENVELOPE,
  EXIT_OK,
  EXIT_USAGE,
  type IntegrationSource,
  type RunOptions,
  runCli,
} from './run.ts';
