export * from './rule.ts';
export * from './state.ts';
export * from './engine.ts';
export * from './replay.ts';
export * from './templates.ts';
