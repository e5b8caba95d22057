export * from './gcj02.ts';
export * from './schematic.ts';
