import { describe, expect, it } from 'vitest';
import { anchorGenerator, resolveAnchorGeneratorOptions, type AnchorGeneratorOptions } from '../../../src/geometry/priors/index.js';
import { expectLabelAssignError } from '../../helpers/assertions.js';

const retina: AnchorGeneratorOptions = {
  strides: [8, 16, 32, 64, 128],
  ratios: [0.5, 1, 2],
  octaveBaseScale: 4,
  scalesPerOctave: 3,
};

describe('anchorGenerator', () => {
  it('fills in the defaults and computes octave scales in float32', () => {
    const resolved = resolveAnchorGeneratorOptions(retina);
    expect(resolved.strides).toEqual([
      [8, 8],
      [16, 16],
      [32, 32],
      [64, 64],
      [128, 128],
    ]);
    expect(resolved.baseSizes).toEqual([8, 16, 32, 64, 128]);
    expect(resolved.scaleMajor).toBe(true);
    expect(resolved.centerOffset).toBe(0);
    expect(resolved.centers).toBeNull();
    expect(resolved.scales).toEqual([4, Math.fround(4 * 2 ** (1 / 3)), Math.fround(4 * 2 ** (2 / 3))]);
  });

  it('orders base anchors ratio-major by default and scale-major on request', () => {
    const options = { strides: [16], ratios: [0.25, 1], scales: [1, 2] };
    const ratioMajor = anchorGenerator(options).baseAnchors[0];
    // ratio 0.25: h = 8 * s, w = 32 * s (h_ratio 0.5, w_ratio 2)
    expect(Array.from(ratioMajor)).toEqual([
      -16, -4, 16, 4, /* r 0.25, s 1 */ -32, -8, 32, 8, /* r 0.25, s 2 */ -8, -8, 8, 8, /* r 1, s 1 */ -16, -16, 16, 16,
    ]);
    const scaleMajorFalse = anchorGenerator({ ...options, scaleMajor: false }).baseAnchors[0];
    expect(Array.from(scaleMajorFalse)).toEqual([-16, -4, 16, 4, -8, -8, 8, 8, -32, -8, 32, 8, -16, -16, 16, 16]);
  });

  it('centers base anchors on centers or centerOffset * baseSize', () => {
    const withCenters = anchorGenerator({ strides: [16], ratios: [1], scales: [2], centers: [[4, 6]] });
    expect(Array.from(withCenters.baseAnchors[0])).toEqual([-12, -10, 20, 22]);
    const withOffset = anchorGenerator({ strides: [8], ratios: [1], scales: [1], baseSizes: [12], centerOffset: 0.25 });
    expect(Array.from(withOffset.baseAnchors[0])).toEqual([-3, -3, 9, 9]);
  });

  it('uses the smaller stride as default base size for [strideW, strideH] strides', () => {
    const gen = anchorGenerator({ strides: [[8, 16]], ratios: [1], scales: [2] });
    expect(gen.options.baseSizes).toEqual([8]);
    const set = gen.gridPriors([[2, 3]]);
    // location-major: row 0 (cols 0..2), then row 1
    expect(Array.from(set.priors)).toEqual([
      -8, -8, 8, 8, 0, -8, 16, 8, 8, -8, 24, 8, -8, 8, 8, 24, 0, 8, 16, 24, 8, 8, 24, 24,
    ]);
    expect(set.levels[0]).toMatchObject({ featHeight: 2, featWidth: 3, strideX: 8, strideY: 16, numBasePriors: 1, start: 0, count: 6 });
  });

  it('gives levels with a zero dimension no priors', () => {
    const set = anchorGenerator(retina).gridPriors([[2, 3], [0, 4], [3, 0], [0, 0], [1, 1]]);
    expect(set.levels.map((l) => l.count)).toEqual([54, 0, 0, 0, 9]);
    expect(set.levels.map((l) => l.start)).toEqual([0, 54, 54, 54, 54]);
    expect(set.numPriors).toBe(63);
    expect(set.priors.length).toBe(63 * 4);
  });

  it('returns frozen objects', () => {
    const gen = anchorGenerator(retina);
    expect(Object.isFrozen(gen)).toBe(true);
    expect(Object.isFrozen(gen.options)).toBe(true);
    const set = gen.gridPriors([[1, 1], [1, 1], [1, 1], [1, 1], [1, 1]]);
    expect(Object.isFrozen(set)).toBe(true);
    expect(Object.isFrozen(set.levels[0])).toBe(true);
  });

  describe('errors', () => {
    const base = { strides: [8, 16, 32], ratios: [1], scales: [4] };

    it('rejects non-positive, NaN and malformed strides', () => {
      expectLabelAssignError(() => anchorGenerator({ ...base, strides: [8, 16, -8] }), /^anchorGenerator: strides\[2\] must be a positive number, but was -8$/);
      expectLabelAssignError(() => anchorGenerator({ ...base, strides: [0] }), /strides\[0\] must be a positive number, but was 0/);
      expectLabelAssignError(() => anchorGenerator({ ...base, strides: [NaN] }), /strides\[0\] must be a positive number, but was NaN/);
      expectLabelAssignError(() => anchorGenerator({ ...base, strides: [[8, -1]] }), /strides\[0\]\[1\] must be a positive number, but was -1/);
      expectLabelAssignError(() => anchorGenerator({ ...base, strides: [[8, 8, 8]] as never }), /strides\[0\] must be a positive number or a \[strideW, strideH\] pair/);
      expectLabelAssignError(() => anchorGenerator({ ...base, strides: [] }), /strides must be a non-empty array/);
      expectLabelAssignError(() => anchorGenerator({ ...base, strides: undefined as never }), /strides must be a non-empty array/);
    });

    it('rejects bad ratios, scales and base sizes', () => {
      expectLabelAssignError(() => anchorGenerator({ ...base, ratios: [] }), /anchorGenerator: ratios must be a non-empty array of positive numbers/);
      expectLabelAssignError(() => anchorGenerator({ ...base, ratios: [1, 0] }), /ratios\[1\] must be a positive number, but was 0/);
      expectLabelAssignError(() => anchorGenerator({ ...base, scales: [Infinity] }), /scales\[0\] must be a positive number, but was Infinity/);
      expectLabelAssignError(() => anchorGenerator({ ...base, baseSizes: [8, 16, -1] }), /baseSizes\[2\] must be a positive number, but was -1/);
    });

    it('rejects per-level lists whose length differs from strides', () => {
      expectLabelAssignError(
        () => anchorGenerator({ ...base, baseSizes: [8, 16] }),
        /anchorGenerator: baseSizes must be an array of 3 base sizes \(one per level of strides\), but was an array of length 2/,
      );
      expectLabelAssignError(
        () => anchorGenerator({ ...base, centers: [[0, 0]] }),
        /anchorGenerator: centers must be an array of 3 \[x, y\] pairs \(one per level of strides\), but was an array of length 1/,
      );
      expectLabelAssignError(() => anchorGenerator({ ...base, centers: [[0, 0], [0, NaN], [0, 0]] }), /centers\[1\]\[1\] must be a finite number, but was NaN/);
    });

    it('requires scales or octave settings, not both, not neither', () => {
      expectLabelAssignError(
        () => anchorGenerator({ strides: [8], ratios: [1] }),
        /^anchorGenerator: scales must be given, or octaveBaseScale together with scalesPerOctave$/,
      );
      expectLabelAssignError(
        () => anchorGenerator({ strides: [8], ratios: [1], scales: [4], octaveBaseScale: 4, scalesPerOctave: 3 }),
        /anchorGenerator: scales must be left out when octaveBaseScale\/scalesPerOctave are set/,
      );
      expectLabelAssignError(() => anchorGenerator({ strides: [8], ratios: [1], octaveBaseScale: 4 }), /scalesPerOctave must be given together with octaveBaseScale/);
      expectLabelAssignError(() => anchorGenerator({ strides: [8], ratios: [1], scalesPerOctave: 3 }), /octaveBaseScale must be given together with scalesPerOctave/);
      expectLabelAssignError(
        () => anchorGenerator({ strides: [8], ratios: [1], octaveBaseScale: 4, scalesPerOctave: 1.5 }),
        /scalesPerOctave must be an integer >= 1, but was 1.5/,
      );
      expectLabelAssignError(() => anchorGenerator({ strides: [8], ratios: [1], octaveBaseScale: -4, scalesPerOctave: 3 }), /octaveBaseScale must be a positive number, but was -4/);
    });

    it('rejects centers with a non-zero centerOffset and centerOffset outside [0, 1]', () => {
      expectLabelAssignError(() => anchorGenerator({ strides: [8], ratios: [1], scales: [1], centerOffset: 0.5, centers: [[0, 0]] }), /centerOffset must be 0 when centers are given, but was 0.5/);
      expectLabelAssignError(() => anchorGenerator({ ...base, centerOffset: 1.5 }), /centerOffset must be a number in \[0, 1\], but was 1.5/);
      expectLabelAssignError(() => anchorGenerator({ ...base, scaleMajor: 'yes' as never }), /scaleMajor must be true or false, but was 'yes'/);
    });

    it('rejects unknown options, suggesting the right name', () => {
      expectLabelAssignError(() => anchorGenerator({ ...base, scale_major: true } as never), /unknown option 'scale_major' in options; did you mean 'scaleMajor'\?/);
      expectLabelAssignError(() => anchorGenerator(null as never), /anchorGenerator: options must be an object/);
    });

    it('rejects bad featmap sizes', () => {
      const gen = anchorGenerator(base);
      expectLabelAssignError(
        () => gen.gridPriors([[1, 1]]),
        /anchorGenerator.gridPriors: featmapSizes must be an array of 3 \[height, width\] pairs \(one per level\), but was an array of length 1/,
      );
      expectLabelAssignError(() => gen.gridPriors([[1, 1], [1, -1], [1, 1]]), /featmapSizes\[1\]\[1\] must be an integer >= 0, but was -1/);
      expectLabelAssignError(() => gen.gridPriors([[1, 1], [1, 1], [2.5, 1]]), /featmapSizes\[2\]\[0\] must be an integer >= 0, but was 2.5/);
      expectLabelAssignError(() => gen.gridPriors([[1, 1], [1, 1], [1] as never]), /featmapSizes\[2\] must be a \[height, width\] pair/);
    });
  });
});
