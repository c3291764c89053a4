export * from './errors/index.ts';
export * from './integration/index.ts';
export * from './logging/index.ts';
export * from './protocol/index.ts';
