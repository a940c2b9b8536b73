export * from './errors.ts';
export * from './bridge.ts';
export * from './wire.ts';
export * from './error-help.ts';
export * from './updates.ts';
export * from './product.ts';
