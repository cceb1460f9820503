import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import { decodeDistribution, dflTargets, distributionFocalLoss, distributionStatistics } from '../../src/losses/index.js';
import { expectGradientMatches, f32 } from './gradient-check.js';

function expectLabelAssignError(fn: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LabelAssignError);
  expect((error as Error).message).toMatch(message);
}

const logit = fc.double({ min: -5, max: 5, noNaN: true }).map(Math.fround);

/** n distributions over regMax + 1 bins with targets in [0, regMax). */
const dflProblem = fc.integer({ min: 1, max: 8 }).chain((regMax) =>
  fc.integer({ min: 0, max: 4 }).chain((n) =>
    fc.record({
      regMax: fc.constant(regMax),
      logits: fc.array(logit, { minLength: n * (regMax + 1), maxLength: n * (regMax + 1) }).map(f32),
      targets: fc
        .array(fc.oneof(fc.integer({ min: 0, max: regMax - 1 }), fc.double({ min: 0, max: regMax, maxExcluded: true, noNaN: true })), { minLength: n, maxLength: n })
        .map((t) => f32(t).map((v) => (v >= regMax ? Math.fround(regMax - 0.001) : v))),
      weight: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: n, maxLength: n }).map(f32),
    }),
  ),
);

/** Logits whose softmax puts `1 - frac` on bin floor(y) and `frac` on the next (the rest ~0). */
function splitLogits(y: number, regMax: number): Float32Array {
  const left = Math.floor(y);
  const frac = y - left;
  const out = new Float32Array(regMax + 1).fill(-60);
  out[left] = Math.log(Math.max(1 - frac, 1e-20));
  out[left + 1] = Math.log(Math.max(frac, 1e-20));
  return out;
}

describe('distributionFocalLoss', () => {
  it('is ln(regMax + 1) for uniform logits', () => {
    const r = distributionFocalLoss(new Float32Array(17), [3.4], { regMax: 16 });
    expect(r.loss).toBeCloseTo(Math.log(17), 5);
    // gradient: softmax - (0.6 at bin 3, 0.4 at bin 4)
    expect(r.gradPred[3]).toBeCloseTo(1 / 17 - 0.6, 6);
    expect(r.gradPred[4]).toBeCloseTo(1 / 17 - 0.4, 6);
    expect(r.gradPred[0]).toBeCloseTo(1 / 17, 6);
  });

  it('has gradients that agree with central differences, and is >= 0', () => {
    let checked = 0;
    fc.assert(
      fc.property(dflProblem, (pr) => {
        const options = { regMax: pr.regMax, weight: pr.weight, reduction: 'sum' as const };
        const r = distributionFocalLoss(pr.logits, pr.targets, options);
        expect(r.loss).toBeGreaterThanOrEqual(0);
        checked += expectGradientMatches((x) => distributionFocalLoss(x, pr.targets, options).loss, pr.logits, r.gradPred, {}, 'dfl').checked;
      }),
    );
    expect(checked).toBeGreaterThan(500);
  });

  it('is smallest when the two bins hold the target split (the entropy of the split)', () => {
    fc.assert(
      fc.property(dflProblem, (pr) => {
        const bins = pr.regMax + 1;
        pr.targets.forEach((y, i) => {
          const best = splitLogits(y, pr.regMax);
          const atSplit = distributionFocalLoss(best, [y], { regMax: pr.regMax });
          const wl = Math.floor(y) + 1 - y;
          const wr = 1 - wl;
          const entropy = -(wl > 0 ? wl * Math.log(wl) : 0) - (wr > 0 ? wr * Math.log(wr) : 0);
          expect(atSplit.loss).toBeCloseTo(entropy, 4);
          for (const g of atSplit.gradPred) expect(Math.abs(g)).toBeLessThan(1e-5);
          const other = distributionFocalLoss(pr.logits.subarray(i * bins, (i + 1) * bins), [y], { regMax: pr.regMax });
          expect(other.loss).toBeGreaterThanOrEqual(atSplit.loss - 1e-6);
        });
      }),
    );
  });

  it('is finite for logits of +-100', () => {
    const logits = f32(Array.from({ length: 17 }, (_, k) => (k % 2 === 0 ? 100 : -100)));
    const r = distributionFocalLoss(logits, [3.5], { regMax: 16 });
    // nine bins at +100: logsumexp = 100 + ln 9; bin 3 (at -100) and bin 4 (at +100) weigh 0.5 each
    expect(r.loss).toBeCloseTo(0.5 * (200 + Math.log(9)) + 0.5 * Math.log(9), 3);
    expect(Number.isFinite(r.loss) && r.gradPred.every(Number.isFinite)).toBe(true);
  });

  it('rejects targets outside [0, regMax) and bad shapes, naming the argument', () => {
    expectLabelAssignError(() => distributionFocalLoss(new Float32Array(17), [16], { regMax: 16 }), /distributionFocalLoss: target\[0\] must be in \[0, regMax\) = \[0, 16\) so that both bins around it exist \(raise regMax, or clamp with dflTargets\), but was 16/);
    expectLabelAssignError(() => distributionFocalLoss(new Float32Array(17), [-0.5]), /target\[0\] must be in \[0, regMax\)/);
    expectLabelAssignError(() => distributionFocalLoss(new Float32Array(16), [1]), /distributionFocalLoss: pred must be a flat array whose length is a multiple of 17/);
    expectLabelAssignError(() => distributionFocalLoss(new Float32Array(34), [1]), /distributionFocalLoss: target must hold 2 values \(one distance per row of pred\), but holds 1$/);
    expectLabelAssignError(() => distributionFocalLoss(new Float32Array(17), [1], { regMax: 2.5 }), /options.regMax must be an integer >= 1, but was 2.5/);
  });
});

describe('dflTargets', () => {
  it('clamps to [0, regMax - eps] and splits between the two bins', () => {
    const r = dflTargets([3.25, 20, -1, 7], { regMax: 16 });
    expect(Array.from(r.targets)).toEqual([3.25, Math.fround(15.9), 0, 7]);
    expect(Array.from(r.left)).toEqual([3, 15, 0, 7]);
    expect(Array.from(r.weightLeft)).toEqual([0.75, Math.fround(16 - Math.fround(15.9)), 1, 1]);
    expect(Array.from(r.weightRight)).toEqual([0.25, Math.fround(Math.fround(15.9) - 15), 0, 0]);
  });

  it('always gives targets the loss accepts, with weights summing to 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { maxLength: 20 }), (regMax, d) => {
        const r = dflTargets(d, { regMax });
        r.targets.forEach((t, i) => {
          expect(t).toBeGreaterThanOrEqual(0);
          expect(t).toBeLessThan(regMax);
          expect(r.weightLeft[i] + r.weightRight[i]).toBeCloseTo(1, 6);
          expect(r.left[i] + r.weightRight[i]).toBeCloseTo(t, 5);
        });
        expect(() => distributionFocalLoss(new Float32Array(r.targets.length * (regMax + 1)), r.targets, { regMax })).not.toThrow();
      }),
    );
  });

  it('rejects a bad eps', () => {
    expectLabelAssignError(() => dflTargets([1], { regMax: 4, eps: 4 }), /dflTargets: options.eps must be smaller than regMax \(4\), but was 4/);
    expectLabelAssignError(() => dflTargets([1], { regMax: 4, eps: 0 }), /dflTargets: options.eps must be a number > 0, but was 0/);
    expectLabelAssignError(() => dflTargets([Infinity]), /dflTargets: distances\[0\] must be a finite number, but was Infinity/);
  });
});

describe('decodeDistribution', () => {
  it('is the expectation of the softmax: regMax / 2 for uniform logits, y for the split of y', () => {
    expect(Array.from(decodeDistribution([0, 0, 0], { regMax: 2 }))).toEqual([1]);
    expect(decodeDistribution(new Float32Array(17))[0]).toBeCloseTo(8, 5);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (regMax, u) => {
        const y = u * regMax;
        expect(decodeDistribution(splitLogits(y, regMax), { regMax })[0]).toBeCloseTo(y, 4);
      }),
    );
    const peaked = f32(Array.from({ length: 17 }, (_, k) => (k === 5 ? 100 : -100)));
    expect(decodeDistribution(peaked)[0]).toBe(5);
  });
});

describe('distributionStatistics', () => {
  it('gives the top-k probabilities in decreasing order, then their mean', () => {
    const s = distributionStatistics([0, 0, Math.log(2)], { regMax: 2, topK: 2 });
    expect(s[0]).toBeCloseTo(0.5, 6);
    expect(s[1]).toBeCloseTo(0.25, 6);
    expect(s[2]).toBeCloseTo(0.375, 6);
    expect(distributionStatistics([0, 0, Math.log(2)], { regMax: 2, topK: 2, addMean: false }).length).toBe(2);
  });

  it('lays out one row of topK (+ 1) values per distribution (GFLv2: 4 sides x 5 = 20 per box)', () => {
    fc.assert(
      fc.property(fc.array(logit, { minLength: 4 * 17, maxLength: 4 * 17 }), (logits) => {
        const s = distributionStatistics(logits);
        expect(s.length).toBe(20);
        for (let side = 0; side < 4; side++) {
          const row = s.subarray(side * 5, side * 5 + 5);
          for (let k = 1; k < 4; k++) expect(row[k]).toBeLessThanOrEqual(row[k - 1]);
          expect(row[4]).toBeCloseTo((row[0] + row[1] + row[2] + row[3]) / 4, 6);
          expect(row[0] + row[1] + row[2] + row[3]).toBeLessThanOrEqual(1 + 1e-6);
        }
      }),
    );
  });

  it('rejects topK outside [1, regMax + 1]', () => {
    expectLabelAssignError(() => distributionStatistics([0, 0, 0], { regMax: 2, topK: 4 }), /distributionStatistics: options.topK must be an integer in \[1, 3\], but was 4/);
    expectLabelAssignError(() => distributionStatistics([0, 0, 0], { regMax: 2, top_k: 2 } as never), /unknown option 'top_k'.*did you mean 'topK'/);
  });
});
