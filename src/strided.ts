/**
 * The strided copy behind every ndarray input: element `(i0, ..., ik)` of a view is
 * `data[offset + i0 * stride[0] + ... + ik * stride[k]]`, copied in row-major order (last index
 * fastest) into a flat Float32Array.
 *
 * Written by hand on purpose. scijs `ndarray` compiles a constructor per dtype and dimension,
 * and `ndarray-ops` (through cwise) a loop per operation, with `new Function`; a
 * Content-Security-Policy without 'unsafe-eval', workers that forbid code generation and
 * `node --disallow-code-generation-from-strings` reject both. The core reads ndarrays with this
 * loop instead and never imports either package (ndarray results come from the subpath
 * `label-assign/ndarray`).
 *
 * No checks here: the caller ({@link checkNdarray} in validate.ts) has checked the view's fields
 * and that every index it reaches lies inside `data`.
 */

/** Storage of an ndarray over a scijs "generic" array: values through `get(index)`. */
export interface NdGenericData {
  readonly length: number;
  get(index: number): number;
}

/**
 * How a view's values are stored, which decides how one run of values is read:
 * a typed array of numbers (read as is), a plain array (each value read is checked to be a
 * number), or a scijs generic array (read through `get`, each value checked).
 */
export type Storage = typeof STORAGE_TYPED | typeof STORAGE_ARRAY | typeof STORAGE_GENERIC;
export const STORAGE_TYPED = 0;
export const STORAGE_ARRAY = 1;
export const STORAGE_GENERIC = 2;

/** A view whose fields have been checked: `size` is the product of `shape`, every reached index is inside `data`. */
export interface StridedView {
  readonly data: ArrayLike<number> | NdGenericData;
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
  readonly size: number;
}

/**
 * True when the view's values are `data[offset .. offset + size - 1]` in row-major order
 * (strides of length-1 dimensions do not matter). Requires `size > 0`.
 */
export function isRowMajor(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    if (shape[axis] !== 1 && stride[axis] !== expected) return false;
    expected *= shape[axis];
  }
  return true;
}

/**
 * Copies the view into `out[0 .. size - 1]`, row-major. A contiguous row-major view over a typed
 * array is one `set` of a `subarray`; any other layout is a double loop over the last two
 * dimensions per block (along the columns when they are the shorter step through `data`, as in
 * a transposed view), the block's start advanced by the strides of the dimensions before them.
 * No call and no allocation per element: as fast as ndarray-ops' generated loops, or faster.
 * @returns -1, or the index into `data` of the first value that is not a number (plain and
 *   generic storage only; the caller reports it).
 */
export function copyStrided(view: StridedView, out: Float32Array): number {
  const { data, storage, shape, stride, offset, size } = view;
  if (size === 0) return -1;
  if (storage === STORAGE_TYPED && isRowMajor(shape, stride)) {
    out.set((data as Float32Array).subarray(offset, offset + size));
    return -1;
  }
  // The last two dimensions are a block of rows copied by a double loop; an odometer walks the
  // dimensions before them (none for 0-d, 1-d and 2-d views).
  const d = shape.length;
  const cols = d >= 1 ? shape[d - 1] : 1;
  const colStep = d >= 1 ? stride[d - 1] : 0;
  const rows = d >= 2 ? shape[d - 2] : 1;
  const rowStep = d >= 2 ? stride[d - 2] : 0;
  const outer = Math.max(d - 2, 0);
  const index = new Int32Array(outer);
  let start = offset;
  for (let k = 0; k < size; k += rows * cols) {
    if (storage === STORAGE_TYPED) {
      const values = data as ArrayLike<number>;
      if (rows > 1 && Math.abs(rowStep) < Math.abs(colStep)) {
        // Columns are contiguous in data (a transposed view): read along them.
        for (let j = 0, c = start; j < cols; j++, c += colStep) {
          for (let i = 0, q = k + j, p = c; i < rows; i++, q += cols, p += rowStep) out[q] = values[p];
        }
      } else {
        for (let i = 0, q = k, r = start; i < rows; i++, r += rowStep) {
          for (let j = 0, p = r; j < cols; j++, p += colStep) out[q++] = values[p];
        }
      }
    } else {
      for (let i = 0, r = start; i < rows; i++, r += rowStep) {
        const bad = copyChecked(data, storage, r, colStep, cols, out, k + i * cols);
        if (bad >= 0) return bad;
      }
    }
    for (let axis = outer - 1; axis >= 0; axis--) {
      start += stride[axis];
      if (++index[axis] < shape[axis]) break;
      start -= stride[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  return -1;
}

/**
 * Copies `count` values `data[p], data[p + step], ...` of a plain or generic array to
 * `out[k ..]`, checking that each is a number; returns -1 or the index of the first that is not.
 */
function copyChecked(data: ArrayLike<number> | NdGenericData, storage: Storage, p: number, step: number, count: number, out: Float32Array, k: number): number {
  if (storage === STORAGE_ARRAY) {
    const values = data as ArrayLike<unknown>;
    for (let j = 0; j < count; j++, p += step) {
      const v = values[p];
      if (typeof v !== 'number') return p;
      out[k + j] = v;
    }
  } else {
    const values = data as NdGenericData;
    for (let j = 0; j < count; j++, p += step) {
      const v: unknown = values.get(p);
      if (typeof v !== 'number') return p;
      out[k + j] = v;
    }
  }
  return -1;
}
