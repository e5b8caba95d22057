export * from './beaufort.ts';
export * from './fire-weather.ts';
export * from './observed-signals.ts';
export * from './views.ts';
