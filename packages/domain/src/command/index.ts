/** 一盘棋 (issue #6): the pure domain of duty watch and unified command. */
export * from './classification.ts';
export * from './grading.ts';
export * from './reporting-clock.ts';
export * from './duty.ts';
export * from './duplicates.ts';
export * from './geo-distance.ts';
export * from './recommend.ts';
export * from './dispatch.ts';
export * from './api-incidents.ts';
export * from './api-reporting.ts';
export * from './api-duty.ts';
export * from './api-response.ts';
export * from './api-notices.ts';
export * from './activation.ts';
export * from './api-workspace.ts';
