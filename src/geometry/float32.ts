/**
 * Float32 arithmetic as the reference computes it. mmdetection runs PyTorch on float32 tensors:
 * every tensor operation rounds its result to float32, reductions add in the order of PyTorch's
 * CPU kernels, and `torch.round` rounds halves to even. Reproducing that arithmetic, not just
 * the formulas, is what makes ties (`>=` against a threshold, `==` against a maximum) fall
 * exactly where the reference puts them. Every strategy that needs one of these uses this copy.
 *
 * The functions are small and take plain numbers or flat typed arrays, so the engine inlines
 * them into the strategies' loops; none allocates.
 */

const f = Math.fround;

/** Float32 lanes of PyTorch's SIMD reductions (`Vectorized<float>::size()` without AVX-512). */
const SIMD_LANES = 8;

/**
 * Float32 area `(x2 - x1) * (y2 - y1)` of the box at `offset` of a flat `[x1, y1, x2, y2, ...]`
 * array, as `bbox_overlaps` computes it (negative for an inverted box).
 * @example boxArea(Float32Array.of(0, 0, 2, 3), 0); // 6
 */
export function boxArea(boxes: Float32Array, offset: number): number {
  return f(f(boxes[offset + 2] - boxes[offset]) * f(boxes[offset + 3] - boxes[offset + 1]));
}

/**
 * Float32 centers `((x1 + x2) / 2, (y1 + y2) / 2)` of flat boxes, as the reference's
 * `(bboxes[:, 0] + bboxes[:, 2]) / 2.0`.
 * @param boxes `[n * 4]`.
 * @returns `[n * 2]` as `[cx, cy, ...]`.
 * @example boxCenters(Float32Array.of(0, 0, 2, 4)); // [1, 2]
 */
export function boxCenters(boxes: Float32Array, out: Float32Array = new Float32Array((boxes.length >> 2) * 2)): Float32Array {
  for (let i = 0, o = 0; i < boxes.length; i += 4, o += 2) {
    out[o] = f(boxes[i] + boxes[i + 2]) / 2;
    out[o + 1] = f(boxes[i + 1] + boxes[i + 3]) / 2;
  }
  return out;
}

/**
 * `torch.round` and Python's `round` on a double: to the nearest integer, halves to the even
 * neighbour.
 * @example roundHalfEven(2.5); // 2
 * @example roundHalfEven(3.5); // 4
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const d = x - floor;
  if (d < 0.5) return floor;
  if (d > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * `torch.sigmoid` of a float32 logit: `1 / (1 + exp(-x))` with every step rounded to float32.
 * (The losses use a float64, overflow-free sigmoid of their own: they compare values within a
 * tolerance, not ties.)
 * @example sigmoidFloat32(0); // 0.5
 */
export function sigmoidFloat32(x: number): number {
  return f(1 / f(1 + f(Math.exp(-x))));
}

/**
 * `tensor ** exponent` for a Python float exponent: PyTorch's special cases 0, 1 and 0.5 first,
 * then `pow` with the exponent rounded to float32.
 * @example powLikeTorch(4, 0.5); // 2
 */
export function powLikeTorch(x: number, exponent: number): number {
  if (exponent === 0) return 1;
  if (exponent === 1) return x;
  if (exponent === 0.5) return f(Math.sqrt(x));
  return f(Math.pow(x, f(exponent)));
}

/**
 * Sum of one column of an `[n, numColumns]` float32 matrix, in the order PyTorch's CPU sum
 * kernel adds it (float32 accumulators; 8 float lanes). Which order a column gets depends on
 * its index and on the number of columns: a cascade over all rows for the columns handled in
 * groups of 4 (4 vectors when numColumns >= 8), four interleaved partial sums for the rest,
 * and a lane-wise vector sum for a single column of >= 8 rows. Only the last bits differ
 * between the orders, but a threshold is then compared with `>=`.
 * @param values the column's `n` values, contiguous.
 * @param column the column's index in the matrix the reference reduces.
 * @param numColumns the matrix's width.
 * @example columnSumLikeTorch(Float32Array.of(0.1, 0.2, 0.3), 3, 0, 1); // float32 0.6
 */
export function columnSumLikeTorch(values: Float32Array, n: number, column: number, numColumns: number): number {
  if (numColumns === 1) return n >= SIMD_LANES ? vectorInnerSum(values, n) : interleavedSum(values, 0, 1, n);
  const group = numColumns >= SIMD_LANES ? 4 * SIMD_LANES : 4;
  const cascaded = Math.floor(numColumns / group) * group;
  return column < cascaded ? cascadeSum(values, 0, 1, n) : interleavedSum(values, 0, 1, n);
}

/** `ceil(log2(x))` with 1 for x <= 2, as c10's CeilLog2. */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : Math.ceil(Math.log2(x));
}

/** PyTorch's `multi_row_sum` for one lane: `count` values `values[start + i * stride]`. */
function cascadeSum(values: Float32Array, start: number, stride: number, count: number): number {
  const levelPower = Math.max(4, Math.floor(ceilLog2(count) / 4));
  const step = 2 ** levelPower;
  const mask = step - 1;
  let acc0 = 0;
  let acc1 = 0;
  let acc2 = 0;
  let acc3 = 0;
  let i = 0;
  while (i + step <= count) {
    for (let j = 0; j < step; j++, i++) acc0 = f(acc0 + values[start + i * stride]);
    acc1 = f(acc1 + acc0);
    acc0 = 0;
    if ((i & (mask << levelPower)) !== 0) continue;
    acc2 = f(acc2 + acc1);
    acc1 = 0;
    if ((i & (mask << (2 * levelPower))) !== 0) continue;
    acc3 = f(acc3 + acc2);
    acc2 = 0;
  }
  for (; i < count; i++) acc0 = f(acc0 + values[start + i * stride]);
  acc0 = f(acc0 + acc1);
  acc0 = f(acc0 + acc2);
  return f(acc0 + acc3);
}

/** PyTorch's `row_sum`: four interleaved cascades, the tail into the first, then combined. */
function interleavedSum(values: Float32Array, start: number, stride: number, count: number): number {
  const rows = Math.floor(count / 4);
  let p0 = cascadeSum(values, start, 4 * stride, rows);
  const p1 = cascadeSum(values, start + stride, 4 * stride, rows);
  const p2 = cascadeSum(values, start + 2 * stride, 4 * stride, rows);
  const p3 = cascadeSum(values, start + 3 * stride, 4 * stride, rows);
  for (let i = rows * 4; i < count; i++) p0 = f(p0 + values[start + i * stride]);
  p0 = f(p0 + p1);
  p0 = f(p0 + p2);
  return f(p0 + p3);
}

/** PyTorch's `vectorized_inner_sum` for one contiguous row of `n >= 8` floats. */
function vectorInnerSum(values: Float32Array, n: number): number {
  const vectors = Math.floor(n / SIMD_LANES);
  let total = 0;
  for (let i = vectors * SIMD_LANES; i < n; i++) total = f(total + values[i]);
  for (let lane = 0; lane < SIMD_LANES; lane++) total = f(total + interleavedSum(values, lane, SIMD_LANES, vectors));
  return total;
}

/**
 * Unbiased standard deviation of `n` float32 values as PyTorch's Welford reduction (double
 * accumulators), rounded to float32: `std` over one column of a matrix with several columns.
 * NaN for `n <= 1`.
 * @example welfordStd(Float32Array.of(1, 2, 3), 3); // 1
 */
export function welfordStd(values: Float32Array, n: number): number {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  return f(Math.sqrt(m2 / (n > 1 ? n - 1 : 0)));
}

/**
 * Unbiased standard deviation as PyTorch's all-reduce path (a single column): two passes in
 * double around the float32 `mean`, rounded to float32. NaN for `n <= 1`.
 * @example twoPassStd(Float32Array.of(1, 2, 3), 3, 2); // 1
 */
export function twoPassStd(values: Float32Array, n: number, mean: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    sum += d * d;
  }
  return f(Math.sqrt(sum / Math.max(0, n - 1)));
}
