/**
 * Regression tests for loss inputs that used to give NaN: boxes whose float32 areas overflow,
 * SIoU's 0 / 0 at zero widths, distributionStatistics' default topK on few bins. Also checks
 * that ndarray inputs are read exactly as flat arrays.
 */
import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { boundedIouLoss } from '../../src/losses/bounded-iou.js';
import { ciouLoss } from '../../src/losses/ciou.js';
import { distributionStatistics } from '../../src/losses/distribution-focal.js';
import { diouLoss } from '../../src/losses/diou.js';
import { eiouLoss } from '../../src/losses/eiou.js';
import { giouLoss } from '../../src/losses/giou.js';
import { iouLoss } from '../../src/losses/iou.js';
import { l1Loss } from '../../src/losses/l1.js';
import { siouLoss } from '../../src/losses/siou.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

type BoxLoss = (pred: number[][], target: number[][], options?: Record<string, unknown>) => { loss: number | Float32Array; gradPred: Float32Array };
const BOX_LOSSES: Record<string, BoxLoss> = { iouLoss, giouLoss, diouLoss, ciouLoss, eiouLoss, siouLoss, boundedIouLoss } as unknown as Record<string, BoxLoss>;

describe('box losses: coordinates beyond float32 areas', () => {
  it('boxes of 1e20 gave a NaN loss or gradient', () => {
    for (const [name, loss] of Object.entries(BOX_LOSSES)) {
      expectLabelAssignError(() => loss([[0, 0, 1e20, 1e20]], [[0, 0, 1e20, 1e20]]), new RegExp(`${name}: pred\\[0\\]\\[2\\] must be a number of magnitude <= 1000000000000000`));
      expectLabelAssignError(() => loss([[0, 0, 1, 1]], [[-3e38, 0, 1, 1]]), new RegExp(`${name}: target\\[0\\]\\[0\\] must be a number of magnitude`));
    }
  });
});

describe('SIoU at zero widths', () => {
  it('a zero-width pred and target gave NaN (omega_w = 0 / 0); equal widths have no shape cost', () => {
    for (const negGamma of [false, true]) {
      const point = siouLoss([[0, 0, 0, 0]], [[0, 0, 0, 0]], { reduction: 'none', negGamma });
      expect(Number.isFinite(point.loss[0])).toBe(true);
      expect(Array.from(point.gradPred).every(Number.isFinite)).toBe(true);
      // The limit: exactly the loss of an identical pair of width 1e-30 (omega_w = 0 there too).
      const near = siouLoss([[0, 0, 1e-30, 0]], [[0, 0, 1e-30, 0]], { reduction: 'none', negGamma });
      expect(point.loss[0]).toBe(near.loss[0]);
    }
  });

  it('an inverted pred against a zero-width target had a NaN gradient (0 * Infinity)', () => {
    const r = siouLoss([[0, 0, -3, 5]], [[5, 0, 5, 5]], { reduction: 'none', negGamma: true });
    expect(Number.isFinite(r.loss[0])).toBe(true);
    expect(Array.from(r.gradPred).every(Number.isFinite)).toBe(true);
  });

  it('every IoU-family loss is finite on degenerate, touching, identical and inverted boxes', () => {
    const v = fc.constantFrom(-3, 0, 5, 10);
    const pred = fc.tuple(v, v, v, v);
    const target = fc.tuple(v, v, v, v).map(([a, b, c, d]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]);
    fc.assert(
      fc.property(fc.array(fc.tuple(pred, target), { minLength: 1, maxLength: 4 }), fc.boolean(), (pairs, negGamma) => {
        const p = pairs.map(([a]) => a);
        const t = pairs.map(([, b]) => b);
        for (const [name, loss] of Object.entries(BOX_LOSSES)) {
          const options = name === 'siouLoss' ? { reduction: 'none' as const, negGamma } : { reduction: 'none' as const };
          const r = loss(p, t, options);
          const values = [...Array.from(r.loss as Float32Array), ...Array.from(r.gradPred)];
          // ciouLoss keeps no NaN either (the reference's 0 / 0 alpha is returned as its limit).
          expect(values.every(Number.isFinite), `${name} ${JSON.stringify(pairs)}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('distributionStatistics', () => {
  it('the default topK (4) on regMax 2 (3 bins) read past the row and gave NaN', () => {
    expectLabelAssignError(() => distributionStatistics([0, 0, 0], { regMax: 2 }), /distributionStatistics: options\.topK must be given when regMax < 3 \(the default 4 exceeds the regMax \+ 1 = 3 bins\)/);
    expect(Array.from(distributionStatistics([0, 0, 0], { regMax: 2, topK: 3 })).every(Number.isFinite)).toBe(true);
  });
});

describe('ndarray inputs', () => {
  it('a strided (transposed) ndarray is read in row-major order, as its flat copy', () => {
    const data = new Float64Array([1, -2, 3, -4, 5, -6]);
    const view = ndarray(data, [2, 3]).transpose(1, 0); // [[1, -4], [-2, 5], [3, -6]]
    const flat = [1, -4, -2, 5, 3, -6];
    expect(l1Loss(view, ndarray(new Float64Array(6), [3, 2]), { reduction: 'none' }).loss).toEqual(l1Loss(flat, new Array(6).fill(0), { reduction: 'none' }).loss);
  });
});
