export {
  type CollectedPages,
  type CollectPagesOptions,
  collectPages,
  expectError,
  expectSuccess,
  type TestEnvelope,
} from './call.ts';
export { type BinResult, type RunBinOptions, runBin } from './run-bin.ts';
