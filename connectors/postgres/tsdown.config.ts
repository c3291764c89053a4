import { connectorBuildConfig } from '@grantkit/connector-core/build';

export default connectorBuildConfig({
  // PGlite loads its WebAssembly and data files from beside its own module, and pg is
  // CommonJS whose classes do not survive bundling into ESM: both stay dependencies.
  // pg-native is pg's optional native binding.
  external: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'pg-native'],
});
