/**
 * `label-assign/ndarray`: the overlap functions of the core, returning scijs ndarrays.
 *
 * ndarrays go into label-assign anywhere: every function of the core (`label-assign`) that takes
 * boxes or loss inputs accepts any object with `data`, `shape`, `stride` and `offset` (a scijs
 * ndarray or a plain object, see `NdArrayLike`). The core always returns typed arrays. To get
 * ndarrays out, import the functions below from this subpath instead: same names, same
 * arguments, same checks and values, but the result is a scijs ndarray (`.get(i, j)`, `.shape`,
 * `.transpose(...)`) over the same `Float32Array` the core computes.
 *
 * Why a separate entry point: scijs `ndarray` builds each view constructor (one per dtype and
 * dimension, the first time it is needed) with `new Function`. A Content-Security-Policy without
 * 'unsafe-eval', workers that forbid code generation and `node
 * --disallow-code-generation-from-strings` reject that, so the core does not import `ndarray` at
 * all and loads anywhere. Importing this subpath is safe in those places too (`ndarray` generates
 * nothing when loaded), but calling one of its functions needs code generation from strings.
 *
 * The results are typed structurally ({@link Float32NdArray}), so the published types need no
 * `@types/ndarray`; a `Float32NdArray` is assignable to `NdArray<Float32Array>` of
 * `@types/ndarray` and back to the core's `NdArrayLike`.
 */
import ndarray from 'ndarray';
import { alignedDriver, pairwiseDriver, withMode, type ModeFreeOptions, type OverlapMode, type OverlapOptions } from '../geometry/overlaps.js';
import type { BoxesInput } from '../validate.js';

export type { BoxesInput, NdArrayLike } from '../validate.js';
export type { ModeFreeOptions, OverlapMode, OverlapOptions } from '../geometry/overlaps.js';

/**
 * A scijs ndarray of float32 values, as this subpath returns it: the fields and methods of
 * scijs `ndarray`'s views (element `(i, j)` is `data[offset + i * stride[0] + j * stride[1]]`).
 */
export interface Float32NdArray {
  data: Float32Array;
  shape: number[];
  stride: number[];
  offset: number;
  dtype: 'float32';
  size: number;
  order: number[];
  dimension: number;
  /** The value at an index, e.g. `m.get(i, j)`. */
  get(...index: number[]): number;
  /** Sets the value at an index: `m.set(i, j, value)`. */
  set(...indexAndValue: number[]): number;
  /** The position in `data` of an index. */
  index(...index: number[]): number;
  lo(...index: number[]): Float32NdArray;
  hi(...index: number[]): Float32NdArray;
  step(...steps: number[]): Float32NdArray;
  transpose(...axes: number[]): Float32NdArray;
  pick(...index: Array<number | null>): Float32NdArray;
  T: Float32NdArray;
}

function matrix(values: Float32Array, rows: number, cols: number): Float32NdArray {
  return ndarray(values, [rows, cols]);
}

function vector(values: Float32Array): Float32NdArray {
  return ndarray(values, [values.length]);
}

/**
 * Overlaps of all pairs of boxes, as an ndarray of shape `[m, n]`: `get(i, j)` is box i of
 * `boxes1` against box j of `boxes2`. See `pairwiseOverlaps` of the core for the modes, options
 * and checks.
 *
 * Needs code generation from strings when called (scijs `ndarray` compiles its view
 * constructor); use the core's `pairwiseOverlaps` under a strict Content-Security-Policy.
 * @param boxes1 `[m * 4]` boxes `[x1, y1, x2, y2]`, `[m][4]` rows or an ndarray `[m, 4]`.
 * @param boxes2 `[n * 4]` boxes, in the same forms.
 * @throws LabelAssignError as the core's `pairwiseOverlaps`.
 * @example
 * import ndarray from 'ndarray';
 * const m = pairwiseOverlaps(ndarray(new Float32Array([0, 0, 10, 10]), [1, 4]), [[5, 0, 15, 10]]);
 * m.shape; // [1, 1]
 * m.get(0, 0); // 0.3333333
 */
export function pairwiseOverlaps(boxes1: BoxesInput, boxes2: BoxesInput, options?: OverlapOptions): Float32NdArray {
  const { values, rows, cols } = pairwiseDriver('pairwiseOverlaps', boxes1, boxes2, options);
  return matrix(values, rows, cols);
}

/**
 * Overlaps of box i of `boxes1` with box i of `boxes2`, as an ndarray of shape `[n]`. See
 * `alignedOverlaps` of the core. Needs code generation from strings when called.
 * @throws LabelAssignError as the core's `alignedOverlaps`.
 * @example
 * alignedOverlaps([[0, 0, 10, 10]], [[0, 0, 10, 5]], { mode: 'giou' }).get(0); // 0.5
 */
export function alignedOverlaps(boxes1: BoxesInput, boxes2: BoxesInput, options?: OverlapOptions): Float32NdArray {
  return vector(alignedDriver('alignedOverlaps', boxes1, boxes2, options));
}

function pairwiseOf(fn: string, mode: OverlapMode, boxes1: BoxesInput, boxes2: BoxesInput, options: ModeFreeOptions | undefined): Float32NdArray {
  const { values, rows, cols } = pairwiseDriver(fn, boxes1, boxes2, withMode(fn, options, mode));
  return matrix(values, rows, cols);
}

function alignedOf(fn: string, mode: OverlapMode, boxes1: BoxesInput, boxes2: BoxesInput, options: ModeFreeOptions | undefined): Float32NdArray {
  return vector(alignedDriver(fn, boxes1, boxes2, withMode(fn, options, mode)));
}

/** IoU of all pairs, an ndarray `[m, n]`. Needs code generation from strings when called. */
export function iouMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return pairwiseOf('iouMatrix', 'iou', boxes1, boxes2, options);
}
/** Intersection over the area of each box of `boxes1`, all pairs, an ndarray `[m, n]`. Needs code generation from strings when called. */
export function iofMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return pairwiseOf('iofMatrix', 'iof', boxes1, boxes2, options);
}
/** Generalized IoU of all pairs, an ndarray `[m, n]`. Needs code generation from strings when called. */
export function giouMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return pairwiseOf('giouMatrix', 'giou', boxes1, boxes2, options);
}
/** Distance IoU of all pairs, an ndarray `[m, n]`. Needs code generation from strings when called. */
export function diouMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return pairwiseOf('diouMatrix', 'diou', boxes1, boxes2, options);
}
/** Complete IoU of all pairs, an ndarray `[m, n]`. Needs code generation from strings when called. */
export function ciouMatrix(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return pairwiseOf('ciouMatrix', 'ciou', boxes1, boxes2, options);
}
/** IoU row by row, an ndarray `[n]`. Needs code generation from strings when called. */
export function alignedIou(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return alignedOf('alignedIou', 'iou', boxes1, boxes2, options);
}
/** IoF row by row, an ndarray `[n]`. Needs code generation from strings when called. */
export function alignedIof(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return alignedOf('alignedIof', 'iof', boxes1, boxes2, options);
}
/** GIoU row by row, an ndarray `[n]`. Needs code generation from strings when called. */
export function alignedGiou(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return alignedOf('alignedGiou', 'giou', boxes1, boxes2, options);
}
/** DIoU row by row, an ndarray `[n]`. Needs code generation from strings when called. */
export function alignedDiou(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return alignedOf('alignedDiou', 'diou', boxes1, boxes2, options);
}
/** CIoU row by row, an ndarray `[n]`. Needs code generation from strings when called. */
export function alignedCiou(boxes1: BoxesInput, boxes2: BoxesInput, options?: ModeFreeOptions): Float32NdArray {
  return alignedOf('alignedCiou', 'ciou', boxes1, boxes2, options);
}
