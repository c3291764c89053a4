export * from './conformance/index.ts';
export * from './fake-app/index.ts';
export * from './openapi/index.ts';
export * from './run/index.ts';
