export * from './fields.ts';
export * from './registries.ts';
