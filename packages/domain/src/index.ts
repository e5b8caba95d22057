import './zod-locale.ts';

export * from './errors.ts';
export * from './region.ts';
export * from './access.ts';
export * from './password.ts';
export * from './audit.ts';
export * from './api.ts';
export * from './region-pack.ts';
export * from './geo/index.ts';
export * from './calc/index.ts';
export * from './enterprise.ts';
export * from './ledger/index.ts';
export * from './stock.ts';
export * from './monitoring/index.ts';
