/**
 * label-assign: exact, fast label assignment for object detectors.
 *
 * Boxes are flat Float32Arrays `[x1, y1, x2, y2, ...]`; results are typed arrays. ndarrays
 * (any object with `data`, `shape`, `stride`, `offset`, such as a scijs ndarray) are accepted
 * wherever boxes and loss inputs are, read by a hand-written strided copy. Everything exported
 * here runs unchanged in Node and in the browser, and never generates code from strings (no
 * `eval` / `new Function`, so it loads under a strict Content-Security-Policy): scijs `ndarray`,
 * which compiles its views with `new Function`, is imported only by the `label-assign/ndarray`
 * subpath, whose overlap functions return scijs ndarrays.
 */
export { LabelAssignError, type LabelAssignErrorCode } from './errors.js';
export type { BoxesInput, NdArrayLike, NdGenericData, NumberArrayLike } from './validate.js';
export * from './geometry/index.js';
export * from './assigners/index.js';
export * from './samplers/index.js';
export * from './losses/index.js';
