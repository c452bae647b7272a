export * from './core/definition';
export * from './core/front-door';
export * from './core/version';
export { MimirErrors } from './core/errors';
export * from './constructs/component';
export * from './constructs/mimir-cluster';
export * from './issuer/api';
export * from './constructs/cache';
export * from './constructs/gateway';
