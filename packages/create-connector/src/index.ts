export { ScaffoldError } from './errors.ts';
export { type GenerateOptions, type GenerateResult, generateConnector } from './generate.ts';
export { type ConnectorNames, connectorNames } from './names.ts';
export {
  AUTH_KINDS,
  type AuthKind,
  isAuthKind,
  isPaginationStyle,
  PAGINATION_STYLES,
  type PaginationStyle,
} from './options.ts';
export { findWorkspace, type Workspace } from './workspace.ts';
