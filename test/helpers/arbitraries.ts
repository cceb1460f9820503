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
