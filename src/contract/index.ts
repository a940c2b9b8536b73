export * from './errors.ts';
export * from './bridge.ts';
