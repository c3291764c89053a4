import { connectorBuildConfig } from '@grantkit/connector-core/build';

export default connectorBuildConfig();
