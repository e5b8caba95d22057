export * from './fields.ts';
export * from './registries.ts';
export * from './option-labels.ts';
