export * from './fake-app/index.ts';
