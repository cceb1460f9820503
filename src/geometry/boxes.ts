/**
 * Box formats and the small per-box measures every strategy needs.
 *
 * Inside label-assign a box is four numbers `[x1, y1, x2, y2]` (corners, pixels, x2 >= x1,
 * y2 >= y1) in a flat Float32Array. Datasets arrive as `[x, y, w, h]` (COCO) or
 * `[cx, cy, w, h]` (YOLO); convert them once, at the edge, with {@link convertBoxes}.
 */
import { invalidArgument } from '../errors.js';
import { checkArrayLength, checkFinite, checkNumber, MAX_COORDINATE, toBoxes, toFlatFloat32, type BoxesInput } from '../validate.js';
import { boxCenters } from './float32.js';
import { boxAreasInto } from './overlaps.js';

/** `xyxy`: corners; `xywh`: top-left corner and size; `cxcywh`: center and size. */
export type BoxFormat = 'xyxy' | 'xywh' | 'cxcywh';

export const BOX_FORMATS: readonly BoxFormat[] = Object.freeze(['xyxy', 'xywh', 'cxcywh']);

function checkFormat(fn: string, path: string, format: unknown): BoxFormat {
  if (!BOX_FORMATS.includes(format as BoxFormat)) {
    throw invalidArgument(fn, path, `one of ${BOX_FORMATS.map((f) => `'${f}'`).join(', ')}`, format);
  }
  return format as BoxFormat;
}

/**
 * Converts boxes between formats.
 *
 * @param boxes `[n * 4]` in format `from` (or rows, or an ndarray `[n, 4]`).
 * @returns a new Float32Array `[n * 4]` in format `to`.
 * @throws LabelAssignError on an unknown format, a length not a multiple of 4, non-finite
 *   values, or negative widths or heights.
 * @example
 * convertBoxes([[10, 20, 30, 40]], 'xywh', 'xyxy'); // Float32Array [10, 20, 40, 60]
 */
export function convertBoxes(boxes: BoxesInput, from: BoxFormat, to: BoxFormat): Float32Array {
  const fn = 'convertBoxes';
  checkFormat(fn, 'from', from);
  checkFormat(fn, 'to', to);
  const input = toFlatFloat32(fn, 'boxes', boxes, 4);
  checkFinite(fn, 'boxes', input, 4);
  const f = Math.fround;
  const xyxy = new Float32Array(input.length);
  for (let i = 0; i < input.length; i += 4) {
    const a = input[i];
    const b = input[i + 1];
    const c = input[i + 2];
    const d = input[i + 3];
    if (from === 'xyxy') {
      xyxy[i] = a;
      xyxy[i + 1] = b;
      xyxy[i + 2] = c;
      xyxy[i + 3] = d;
    } else {
      if (c < 0) throw invalidArgument(fn, `boxes[${i / 4}].w`, 'a width >= 0', c);
      if (d < 0) throw invalidArgument(fn, `boxes[${i / 4}].h`, 'a height >= 0', d);
      if (from === 'xywh') {
        xyxy[i] = a;
        xyxy[i + 1] = b;
        xyxy[i + 2] = f(a + c);
        xyxy[i + 3] = f(b + d);
      } else {
        xyxy[i] = f(a - f(c * 0.5));
        xyxy[i + 1] = f(b - f(d * 0.5));
        xyxy[i + 2] = f(a + f(c * 0.5));
        xyxy[i + 3] = f(b + f(d * 0.5));
      }
    }
  }
  // Validate once in corner form: catches x2 < x1 for xyxy input.
  toBoxes(fn, 'boxes', xyxy);
  if (to === 'xyxy') return xyxy;
  const out = xyxy;
  for (let i = 0; i < out.length; i += 4) {
    const w = f(out[i + 2] - out[i]);
    const h = f(out[i + 3] - out[i + 1]);
    if (to === 'xywh') {
      out[i + 2] = w;
      out[i + 3] = h;
    } else {
      const cx = f(f(out[i] + out[i + 2]) * 0.5);
      const cy = f(f(out[i + 1] + out[i + 3]) * 0.5);
      out[i] = cx;
      out[i + 1] = cy;
      out[i + 2] = w;
      out[i + 3] = h;
    }
  }
  return out;
}

/**
 * Areas of boxes, `(x2 - x1) * (y2 - y1)` in float32.
 * @param boxes `[n * 4]` boxes `[x1, y1, x2, y2]`.
 * @returns `[n]`.
 * @throws LabelAssignError on invalid boxes.
 * @example
 * areas([[0, 0, 4, 5]]); // Float32Array [20]
 */
export function areas(boxes: BoxesInput): Float32Array {
  return boxAreasInto(toBoxes('areas', 'boxes', boxes));
}

/**
 * Box centers `((x1 + x2) / 2, (y1 + y2) / 2)` in float32, as the reference computes them.
 * @param boxes `[n * 4]` boxes.
 * @returns `[n * 2]` as `[cx, cy, ...]`.
 * @throws LabelAssignError on invalid boxes.
 */
export function centers(boxes: BoxesInput): Float32Array {
  const b = toBoxes('centers', 'boxes', boxes);
  return boxCenters(b, new Float32Array(b.length / 2));
}

/**
 * Writes the float32 centers `[cx, cy]` of flat boxes into `out`, as {@link centers} computes
 * them, without allocating.
 * @param boxes a Float32Array `[n * 4]` of boxes `[x1, y1, x2, y2]`, finite and within ±1e15
 *   (inverted boxes are accepted: their centers are well defined).
 * @param out a Float32Array of length >= `n * 2`; `[cx, cy, ...]` is written to its start.
 * @returns `out`.
 * @throws {LabelAssignError} when `boxes` is not a Float32Array of whole boxes with finite
 *   coordinates within ±1e15, or `out` is not a Float32Array with room for every center.
 * @example boxCentersInto(Float32Array.of(0, 0, 2, 4), new Float32Array(2)); // [1, 2]
 */
export function boxCentersInto(boxes: Float32Array, out: Float32Array): Float32Array {
  const fn = 'boxCentersInto';
  if (!(boxes instanceof Float32Array) || boxes.length % 4 !== 0) {
    throw invalidArgument(fn, 'boxes', 'a Float32Array [x1, y1, x2, y2, ...] (length a multiple of 4)', boxes);
  }
  if (!(out instanceof Float32Array) || out.length < boxes.length / 2) {
    throw invalidArgument(fn, 'out', `a Float32Array of length >= ${boxes.length / 2} (two values per box)`, out);
  }
  // Finite coordinates within ±1e15 (an inverted box has a center too).
  toBoxes(fn, 'boxes', boxes, { allowInverted: true });
  return boxCenters(boxes, out);
}

/**
 * The boxes of a grid's cells, `[featH * featW * 4]`, row-major:
 * `[col * sx, row * sy, (col + 1) * sx, (row + 1) * sy]` in float32.
 * @param featH rows, a non-negative integer.
 * @param featW columns, a non-negative integer.
 * @param sx cell width, a positive number (positive in float32).
 * @param sy cell height, a positive number (positive in float32).
 * @throws {LabelAssignError} when a size is not a non-negative integer, a cell side is not a
 *   positive float32 number, the grid asks for more than 2^31 - 1 values, or its cells reach
 *   beyond ±1e15.
 * @example
 * cellBoxes(1, 2, 4, 4); // [0, 0, 4, 4, 4, 0, 8, 4]
 */
export function cellBoxes(featH: number, featW: number, sx: number, sy: number): Float32Array {
  const fn = 'cellBoxes';
  checkNumber(fn, 'featH', featH, { min: 0, integer: true });
  checkNumber(fn, 'featW', featW, { min: 0, integer: true });
  checkNumber(fn, 'sx', sx, { min: 0, exclusiveMin: true, float32: true });
  checkNumber(fn, 'sy', sy, { min: 0, exclusiveMin: true, float32: true });
  checkArrayLength(fn, 'featH', featH * featW * 4, 'cell coordinates (featH * featW * 4)');
  if (featH * featW > 0 && !(featW * sx <= MAX_COORDINATE && featH * sy <= MAX_COORDINATE)) {
    throw invalidArgument(fn, 'sx', `a cell size whose grid stays within ±${MAX_COORDINATE} (larger boxes overflow float32 areas)`, featW * sx > MAX_COORDINATE ? sx : sy);
  }
  return cellBoxesUnchecked(featH, featW, sx, sy);
}

/**
 * Unchecked {@link cellBoxes}, for the strategies (their sizes and cell sides are checked).
 * @internal
 * @example cellBoxesUnchecked(1, 2, 4, 4); // [0, 0, 4, 4, 4, 0, 8, 4]
 */
export function cellBoxesUnchecked(featH: number, featW: number, sx: number, sy: number): Float32Array {
  const out = new Float32Array(featH * featW * 4);
  let o = 0;
  for (let row = 0; row < featH; row++) {
    const top = Math.fround(row * sy);
    const bottom = Math.fround((row + 1) * sy);
    for (let col = 0; col < featW; col++) {
      out[o++] = Math.fround(col * sx);
      out[o++] = top;
      out[o++] = Math.fround((col + 1) * sx);
      out[o++] = bottom;
    }
  }
  return out;
}
