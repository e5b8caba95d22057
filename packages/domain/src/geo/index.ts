export * from './gcj02.ts';
export * from './schematic.ts';
export * from './point-clusters.ts';
export * from './mvt.ts';
