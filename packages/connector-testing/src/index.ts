export * from './fake-app/index.ts';
export * from './openapi/index.ts';
