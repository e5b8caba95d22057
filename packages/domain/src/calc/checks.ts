import type { core } from 'zod';

/**
 * zod 4 skips an object's refinements once a field has the wrong type; passing this to `superRefine` runs the
 * cross-field check anyway (as long as the value is a plain object at all), so bad input is rejected with every
 * problem listed at once. The check must then read fields defensively: one may still hold the wrong type.
 */
export const EVERY_PROBLEM = {
  when: (payload: core.ParsePayload) =>
    typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
};
