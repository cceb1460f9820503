import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../../src/errors.js';
import { anchorGenerator, pointGenerator, validFlags } from '../../../src/geometry/priors/index.js';

describe('validFlags', () => {
  it('keeps the locations covering the padded image: min(ceil(pad / stride), feat)', () => {
    const set = anchorGenerator({ strides: [8, [16, 4]], ratios: [1, 2], scales: [1] }).gridPriors([[3, 4], [2, 2]]);
    const flags = validFlags(set, [17, 20]);
    // level 0: valid rows ceil(17/8) = 3, cols ceil(20/8) = 3 of 4; 2 anchors per location
    expect(Array.from(flags.subarray(0, 24))).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0]);
    // level 1: strideW 16, strideH 4: rows min(ceil(17/4), 2) = 2, cols min(ceil(20/16), 2) = 2
    expect(Array.from(flags.subarray(24))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(validFlags(set, [0, 0])).every((f) => f === 0)).toBe(true);
  });

  it('equals "shift < pad" for integer strides and pads (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { minLength: 3, maxLength: 3 }),
        fc.tuple(fc.nat(300), fc.nat(300)),
        fc.boolean(),
        (strides, sizes, pad, points) => {
          const featmapSizes = sizes.slice(0, strides.length) as [number, number][];
          const set = points
            ? pointGenerator({ strides }).gridPriors(featmapSizes)
            : anchorGenerator({ strides, ratios: [0.5, 1], scales: [2] }).gridPriors(featmapSizes);
          const flags = validFlags(set, pad);
          for (const level of set.levels) {
            for (let i = 0; i < level.count; i++) {
              const location = Math.floor(i / level.numBasePriors);
              const row = Math.floor(location / level.featWidth);
              const col = location % level.featWidth;
              const expected = col * level.strideX < pad[1] && row * level.strideY < pad[0] ? 1 : 0;
              expect(flags[level.start + i]).toBe(expected);
            }
          }
        },
      ),
    );
  });

  it('rejects a malformed pad shape', () => {
    const set = pointGenerator({ strides: [8] }).gridPriors([[1, 1]]);
    expect(() => validFlags(set, [10] as never)).toThrow(LabelAssignError);
    expect(() => validFlags(set, [10] as never)).toThrow(/validFlags: padShape must be a \[height, width\] pair/);
    expect(() => validFlags(set, [10, -1])).toThrow(/validFlags: padShape\[1\] must be a number >= 0, but was -1/);
    expect(() => validFlags(set, [NaN, 1])).toThrow(/padShape\[0\] must be a number >= 0, but was NaN/);
  });
});
