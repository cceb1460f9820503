/**
 * label-assign: exact, fast label assignment for object detectors.
 *
 * Boxes are flat Float32Arrays `[x1, y1, x2, y2, ...]`; results are typed arrays. scijs
 * ndarrays are accepted wherever boxes are. Everything exported here runs unchanged in Node
 * and in the browser.
 */
export { LabelAssignError, type LabelAssignErrorCode } from './errors.js';
export type { BoxesInput, NumberArrayLike } from './validate.js';
export * from './geometry/index.js';
export * from './assigners/index.js';
export * from './samplers/index.js';
export * from './losses/index.js';
