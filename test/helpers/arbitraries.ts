/**
 * fast-check generators shared by the property tests. They reach the edge cases on purpose:
 * zero-width and zero-height boxes, points, touching and identical boxes, integer grids.
 */
import fc from 'fast-check';

/** A box `[x1, y1, x2, y2]` with x2 >= x1, y2 >= y1, float32-representable coordinates. */
export function boxArbitrary(options: { max?: number; minSize?: number } = {}): fc.Arbitrary<[number, number, number, number]> {
  const max = options.max ?? 1000;
  const minSize = options.minSize ?? 0;
  const coord = fc.float({ min: Math.fround(-max), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });
  const size = fc.oneof(
    { weight: 1, arbitrary: fc.constant(minSize) },
    { weight: 6, arbitrary: fc.float({ min: Math.fround(minSize), max: Math.fround(max), noNaN: true, noDefaultInfinity: true }) },
  );
  const floatBox = fc.tuple(coord, coord, size, size).map(([x, y, w, h]) => {
    const x1 = Math.fround(x);
    const y1 = Math.fround(y);
    let x2 = Math.fround(x1 + w);
    let y2 = Math.fround(y1 + h);
    if (x2 - x1 < minSize) x2 = Math.fround(x1 + minSize);
    if (y2 - y1 < minSize) y2 = Math.fround(y1 + minSize);
    return [x1, y1, x2, y2] as [number, number, number, number];
  });
  const gridBox = fc
    .tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: Math.ceil(minSize), max: 20 }), fc.integer({ min: Math.ceil(minSize), max: 20 }))
    .map(([x, y, w, h]) => [x, y, x + w, y + h] as [number, number, number, number]);
  return fc.oneof({ weight: 3, arbitrary: floatBox }, { weight: 2, arbitrary: gridBox });
}

/** A flat Float32Array of `n` boxes, n in [minLength, maxLength]. */
export function boxesArbitrary(
  options: { minLength?: number; maxLength?: number; max?: number; minSize?: number } = {},
): fc.Arbitrary<Float32Array> {
  return fc
    .array(boxArbitrary(options), { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 12 })
    .map((rows) => Float32Array.from(rows.flat()));
}

/** A double in [min, max], never NaN. */
export function doubleIn(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true });
}

/** Four independent draws of `arb`, e.g. per-coordinate means or stds. */
export function fourOf<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<[T, T, T, T]> {
  return fc.tuple(arb, arb, arb, arb);
}

/**
 * Record fields of a box given by its corner and size, in doubles: x, y in [-500, 500] and a
 * positive size w, h in [1, 300]. Spread them into an `fc.record` beside the test's own fields.
 */
export const cornerSizeFields = {
  x: doubleIn(-500, 500),
  y: doubleIn(-500, 500),
  w: doubleIn(1, 300),
  h: doubleIn(1, 300),
};

/** An integer box `[x, y, x + w, y + h]`: x, y in [min, max], w, h in [0, maxSize] (zero sizes included). */
export function intBoxArbitrary(options: { min: number; max: number; maxSize: number }): fc.Arbitrary<number[]> {
  const coord = fc.integer({ min: options.min, max: options.max });
  const size = fc.integer({ min: 0, max: options.maxSize });
  return fc.tuple(coord, coord, size, size).map(([x, y, w, h]) => [x, y, x + w, y + h]);
}

/** Per level, `numBase` integer base sizes `[w, h]` in [2, 48] (yoloAnchorGenerator's `baseSizes`). */
export function baseSizesArbitrary(numLevels: number, numBase: number): fc.Arbitrary<[number, number][][]> {
  const size = fc.integer({ min: 2, max: 48 });
  return fc.array(fc.array(fc.tuple(size, size), { minLength: numBase, maxLength: numBase }), { minLength: numLevels, maxLength: numLevels });
}

/** A permutation of `0 .. n - 1` by Fisher-Yates, its swaps drawn from `seeds` (e.g. `fc.infiniteStream(fc.nat())`). */
export function permutationFrom(n: number, seeds: Iterable<number>): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  const draws = seeds[Symbol.iterator]();
  for (let i = perm.length - 1; i > 0; i--) {
    const k = draws.next().value % (i + 1);
    [perm[i], perm[k]] = [perm[k], perm[i]];
  }
  return perm;
}
