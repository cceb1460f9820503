import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelAssignError } from '../../src/errors.js';
import {
  binaryCrossEntropyLoss,
  crossEntropyLoss,
  focalLoss,
  gaussianFocalLoss,
  qualityFocalLoss,
  varifocalLoss,
} from '../../src/losses/index.js';
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

const logit = fc.double({ min: -6, max: 6, noNaN: true }).map(Math.fround);
const probability = fc.double({ min: 0.05, max: 0.95, noNaN: true }).map(Math.fround);
const unit = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }).map(Math.fround));

/** n samples of C classes: logits [n * C], labels [n] in [0, C], dense targets [n * C] in [0, 1]. */
const classProblem = fc.integer({ min: 1, max: 4 }).chain((numClasses) =>
  fc.integer({ min: 0, max: 4 }).chain((n) =>
    fc.record({
      numClasses: fc.constant(numClasses),
      logits: fc.array(logit, { minLength: n * numClasses, maxLength: n * numClasses }).map(f32),
      probs: fc.array(probability, { minLength: n * numClasses, maxLength: n * numClasses }).map(f32),
      labels: fc.array(fc.integer({ min: 0, max: numClasses }), { minLength: n, maxLength: n }),
      dense: fc.array(unit, { minLength: n * numClasses, maxLength: n * numClasses }).map(f32),
      scores: fc.array(unit, { minLength: n, maxLength: n }).map(f32),
      sampleWeight: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: n, maxLength: n }).map(f32),
    }),
  ),
);

const checked = { count: 0, skipped: 0 };
function tally(report: { checked: number; skipped: number }): void {
  checked.count += report.checked;
  checked.skipped += report.skipped;
}

function sumLoss(result: { loss: number | Float32Array }): number {
  return result.loss as number;
}

describe('focalLoss', () => {
  it('matches a value computed by hand', () => {
    // x = 0, t = 1: p = 0.5, q = 0.5, BCE = ln 2, alpha 0.25, gamma 2: 0.25 * 0.25 * ln 2
    const { loss, gradPred } = focalLoss([0, 0], { labels: [0] }, { numClasses: 2, reduction: 'none' });
    expect(loss[0]).toBeCloseTo(0.25 * 0.25 * Math.LN2, 6);
    // class 1 is a negative: (1 - alpha) * 0.25 * ln 2
    expect(loss[1]).toBeCloseTo(0.75 * 0.25 * Math.LN2, 6);
    // d/dx at x = 0, t = 1: alpha * (q^2 (p - 1) + ln2 * 2q * (-p(1 - p))) = 0.25 * (-0.125 - ln2 * 0.25)
    expect(gradPred[0]).toBeCloseTo(0.25 * (-0.125 - Math.LN2 * 0.25), 6);
  });

  it('has gradients that agree with central differences (logits and probabilities, labels and dense)', () => {
    fc.assert(
      fc.property(classProblem, fc.constantFrom(0, 1.5, 2), fc.double({ min: 0, max: 1, noNaN: true }), (pr, gamma, alpha) => {
        const base = { numClasses: pr.numClasses, gamma, alpha, reduction: 'sum' as const };
        for (const target of [{ labels: pr.labels }, { dense: pr.dense }]) {
          const r = focalLoss(pr.logits, target, { ...base, weight: pr.sampleWeight });
          tally(expectGradientMatches((x) => sumLoss(focalLoss(x, target, { ...base, weight: pr.sampleWeight })), pr.logits, r.gradPred, {}, 'focal'));
          const a = focalLoss(pr.probs, target, { ...base, activated: true });
          tally(expectGradientMatches((x) => sumLoss(focalLoss(x, target, { ...base, activated: true })), pr.probs, a.gradPred, { h: 1e-3, abs: 3e-3 }, 'focal activated'));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is >= 0 and finite for logits of +-100', () => {
    fc.assert(
      fc.property(classProblem, (pr) => {
        const extreme = pr.logits.map((v) => (v >= 0 ? 100 : -100));
        for (const x of [pr.logits, extreme]) {
          const r = focalLoss(x, { dense: pr.dense }, { numClasses: pr.numClasses, reduction: 'none' });
          for (const v of r.loss) expect(v).toBeGreaterThanOrEqual(0);
          expect(r.loss.every(Number.isFinite) && r.gradPred.every(Number.isFinite)).toBe(true);
        }
      }),
    );
    const r = focalLoss([100, -100, 100, -100], { labels: [1, 0] }, { numClasses: 2, reduction: 'none' });
    expect(Array.from(r.loss).map((v) => Math.round(v))).toEqual([75, 25, 0, 0]);
    expect(r.gradPred.every(Number.isFinite)).toBe(true);
  });

  it('broadcasts a per-sample weight over the classes', () => {
    const pred = [0.3, -1, 2, 0.5, -0.2, 1];
    const a = focalLoss(pred, { labels: [1, 3] }, { numClasses: 3, weight: [2, 0.5] });
    const b = focalLoss(pred, { labels: [1, 3] }, { numClasses: 3, weight: [2, 2, 2, 0.5, 0.5, 0.5] });
    expect(a.loss).toBe(b.loss);
    expect(Array.from(a.gradPred)).toEqual(Array.from(b.gradPred));
  });

  it('rejects bad options and inputs, naming the argument', () => {
    const pred = [0, 0, 0, 0];
    expectLabelAssignError(() => focalLoss(pred, { labels: [0, 1] }, { numClasses: 2, gama: 2 } as never), /unknown option 'gama'.*did you mean 'gamma'/);
    expectLabelAssignError(() => focalLoss(pred, { labels: [0, 1] }, {} as never), /focalLoss: options.numClasses must be an integer >= 1, but was undefined/);
    expectLabelAssignError(() => focalLoss([0, 0, 0], { labels: [0] }, { numClasses: 2 }), /focalLoss: pred must be a flat array whose length is a multiple of 2/);
    expectLabelAssignError(() => focalLoss(pred, { labels: [0] }, { numClasses: 2 }), /focalLoss: target.labels must hold 2 values \(one class id per row of pred\), but holds 1$/);
    expectLabelAssignError(() => focalLoss(pred, { labels: [0, 3] }, { numClasses: 2 }), /target.labels\[1\] must be a class id in \[0, 2\] \(2 = background\), but was 3/);
    expectLabelAssignError(() => focalLoss(pred, { dense: [0, 1, 1.5, 0] }, { numClasses: 2 }), /focalLoss: target.dense\[2\] must be in \[0, 1\], but was 1.5/);
    expectLabelAssignError(() => focalLoss([0, 2, 0, 0], { labels: [0, 1] }, { numClasses: 2, activated: true }), /focalLoss: pred\[1\] must be in \[0, 1\], but was 2/);
    expectLabelAssignError(() => focalLoss(pred, { labels: [0, 1] }, { numClasses: 2, gamma: -1 }), /options.gamma must be a number >= 0, but was -1/);
    expectLabelAssignError(() => focalLoss(pred, { labels: [0, 1] }, { numClasses: 2, alpha: 2 }), /options.alpha must be a number in \[0, 1\], but was 2/);
    expectLabelAssignError(() => focalLoss(pred, { labels: [0, 1] }, { numClasses: 2, weight: [1, 1, 1] }), /focalLoss: options.weight must hold 4 values \(one per element\) or 2 \(one per sample\), but holds 3$/);
    expectLabelAssignError(() => focalLoss([NaN, 0, 0, 0], { labels: [0, 1] }, { numClasses: 2 }), /focalLoss: pred\[0\]\[0\] must be a finite number, but was NaN/);
    expectLabelAssignError(() => focalLoss(pred, { labels: [0, 1], dense: pred } as never, { numClasses: 2 }), /exactly one/);
  });
});

describe('qualityFocalLoss', () => {
  it('with targets in {0, 1} equals focal loss without alpha (alpha 0.5, times 2)', () => {
    fc.assert(
      fc.property(classProblem, fc.constantFrom(1, 2, 3), fc.boolean(), (pr, beta, activated) => {
        const binary = pr.dense.map((v) => (v >= 0.5 ? 1 : 0));
        const x = activated ? pr.probs : pr.logits;
        const q = qualityFocalLoss(x, { dense: binary }, { numClasses: pr.numClasses, beta, activated, reduction: 'sum' });
        const f = focalLoss(x, { dense: binary }, { numClasses: pr.numClasses, gamma: beta, alpha: 0.5, activated, reduction: 'sum' });
        expect(q.loss).toBeCloseTo(2 * f.loss, 4);
        q.gradPred.forEach((g, j) => expect(g).toBeCloseTo(2 * f.gradPred[j], 4));
      }),
    );
  });

  it('has gradients that agree with central differences', () => {
    fc.assert(
      fc.property(classProblem, fc.constantFrom(1, 2), (pr, beta) => {
        const base = { numClasses: pr.numClasses, beta, reduction: 'sum' as const };
        for (const target of [{ labels: pr.labels, scores: pr.scores }, { dense: pr.dense }]) {
          const r = qualityFocalLoss(pr.logits, target, { ...base, weight: pr.sampleWeight });
          tally(expectGradientMatches((x) => sumLoss(qualityFocalLoss(x, target, { ...base, weight: pr.sampleWeight })), pr.logits, r.gradPred, {}, 'qfl'));
          const a = qualityFocalLoss(pr.probs, target, { ...base, activated: true });
          tally(expectGradientMatches((x) => sumLoss(qualityFocalLoss(x, target, { ...base, activated: true })), pr.probs, a.gradPred, { h: 1e-3, abs: 3e-3 }, 'qfl activated'));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is a per-sample loss, >= 0, finite at +-100', () => {
    const r = qualityFocalLoss([100, -100, -100, 100], { labels: [0, 2], scores: [1, 0] }, { numClasses: 2, reduction: 'none' });
    expect(r.loss.length).toBe(2);
    expect(r.loss[0]).toBeCloseTo(0, 6);
    expect(r.loss[1]).toBeCloseTo(100, 3); // the negative class 1 at logit 100: BCE 100 * sigma^2 = 100
    expect(r.gradPred.every(Number.isFinite)).toBe(true);
  });

  it('rejects scores outside [0, 1] and mismatched lengths', () => {
    expectLabelAssignError(() => qualityFocalLoss([0, 0], { labels: [0], scores: [1.2] }, { numClasses: 2 }), /qualityFocalLoss: target.scores\[0\] must be in \[0, 1\], but was 1.2/);
    expectLabelAssignError(() => qualityFocalLoss([0, 0], { labels: [0], scores: [0.2, 0.1] }, { numClasses: 2 }), /qualityFocalLoss: target.scores must hold 1 value \(one score per row of pred\), but holds 2$/);
    expectLabelAssignError(() => qualityFocalLoss([0, 0], { labels: [0] } as never, { numClasses: 2 }), /qualityFocalLoss: target must be/);
    expectLabelAssignError(() => qualityFocalLoss([0, 0], { labels: [0.5], scores: [1] }, { numClasses: 2 }), /target.labels\[0\] must be an integer class id, but was 0.5/);
    expectLabelAssignError(() => qualityFocalLoss([0, 0], { labels: [0], scores: [1] }, { numClasses: 2, weight: [1, 1] }), /qualityFocalLoss: options.weight must hold 1 value \(one per element\), but holds 2$/);
  });
});

describe('varifocalLoss', () => {
  it('with zero targets only penalises positive scores: alpha p^gamma BCE(x, 0), increasing in x', () => {
    fc.assert(
      fc.property(classProblem, (pr) => {
        const zeros = new Float32Array(pr.logits.length);
        const r = varifocalLoss(pr.logits, zeros, { numClasses: pr.numClasses, reduction: 'none' });
        pr.logits.forEach((x, j) => {
          const p = 1 / (1 + Math.exp(-x));
          expect(r.loss[j]).toBeCloseTo(0.75 * p * p * Math.log1p(Math.exp(x)), 5);
          expect(r.gradPred[j]).toBeGreaterThan(0);
        });
      }),
    );
    expect(varifocalLoss([-100], [0], { numClasses: 1 }).loss).toBe(0);
  });

  it('weights positives by their target q and does not down-weight them', () => {
    const q = 0.8;
    const x = 3;
    const bce = Math.log1p(Math.exp(-x)) + x - x * q;
    expect(varifocalLoss([x], [q], { numClasses: 1 }).loss).toBeCloseTo(q * bce, 6);
    expect(varifocalLoss([x], [q], { numClasses: 1, iouWeighted: false }).loss).toBeCloseTo(bce, 6);
  });

  it('has gradients that agree with central differences and is finite at +-100', () => {
    fc.assert(
      fc.property(classProblem, fc.boolean(), (pr, iouWeighted) => {
        const options = { numClasses: pr.numClasses, iouWeighted, reduction: 'sum' as const };
        const r = varifocalLoss(pr.logits, pr.dense, options);
        tally(expectGradientMatches((x) => sumLoss(varifocalLoss(x, pr.dense, options)), pr.logits, r.gradPred, {}, 'vfl'));
        const extreme = varifocalLoss(pr.logits.map((v) => (v >= 0 ? 100 : -100)), pr.dense, options);
        expect(Number.isFinite(extreme.loss) && extreme.gradPred.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects targets outside [0, 1]', () => {
    expectLabelAssignError(() => varifocalLoss([0, 0], [0, -0.1], { numClasses: 2 }), /varifocalLoss: target\[1\] must be in \[0, 1\], but was -0.1/);
    expectLabelAssignError(() => varifocalLoss([0, 0], [0], { numClasses: 2 }), /varifocalLoss: target must be a flat array whose length is a multiple of 2/);
  });
});

describe('crossEntropyLoss', () => {
  it('is ln C for uniform logits and has gradient softmax - onehot', () => {
    const r = crossEntropyLoss([0, 0, 0], [1], { numClasses: 3 });
    expect(r.loss).toBeCloseTo(Math.log(3), 6);
    [1 / 3, 1 / 3 - 1, 1 / 3].forEach((g, c) => expect(r.gradPred[c]).toBeCloseTo(g, 7));
  });

  it('has gradients that agree with central differences (class weights, ignored labels)', () => {
    fc.assert(
      fc.property(classProblem, fc.boolean(), (pr, withClassWeight) => {
        const labels = pr.labels.map((l) => (l === pr.numClasses ? -100 : l));
        const classWeight = withClassWeight ? Array.from({ length: pr.numClasses }, (_, c) => 0.5 + c) : null;
        const options = { numClasses: pr.numClasses, classWeight, weight: pr.sampleWeight, reduction: 'sum' as const };
        const r = crossEntropyLoss(pr.logits, labels, options);
        tally(expectGradientMatches((x) => sumLoss(crossEntropyLoss(x, labels, options)), pr.logits, r.gradPred, {}, 'ce'));
      }),
      { numRuns: 60 },
    );
  });

  it('ignores labels equal to ignoreIndex; mean over all samples unless avgNonIgnore', () => {
    const pred = [1, 0, 0, 1];
    const all = crossEntropyLoss(pred, [0, 255], { numClasses: 2, ignoreIndex: 255 });
    const one = crossEntropyLoss([1, 0], [0], { numClasses: 2, reduction: 'sum' });
    expect(all.loss).toBeCloseTo(one.loss / 2, 6);
    expect(Array.from(all.gradPred.slice(2))).toEqual([0, 0]);
    const nonIgnore = crossEntropyLoss(pred, [0, 255], { numClasses: 2, ignoreIndex: 255, avgNonIgnore: true });
    expect(nonIgnore.loss).toBeCloseTo(one.loss, 5);
  });

  it('is finite for logits of +-100 and rejects bad labels', () => {
    const r = crossEntropyLoss([100, -100, -100, 100], [1, 1], { numClasses: 2, reduction: 'none' });
    expect(r.loss[0]).toBeCloseTo(200, 3);
    expect(r.loss[1]).toBe(0);
    expect(r.gradPred.every(Number.isFinite)).toBe(true);
    expectLabelAssignError(() => crossEntropyLoss([0, 0], [2], { numClasses: 2 }), /crossEntropyLoss: labels\[0\] must be a class id in \[0, 2\) or ignoreIndex \(-100\), but was 2/);
    expectLabelAssignError(() => crossEntropyLoss([0, 0], [0], { numClasses: 2, classWeight: [1] }), /crossEntropyLoss: options.classWeight must hold 2 values \(one weight per class\), but holds 1$/);
    expectLabelAssignError(() => crossEntropyLoss([0, 0], [0], { numClasses: 2, ignoreIndex: 0.5 }), /options.ignoreIndex must be a finite integer, but was 0.5/);
  });
});

describe('binaryCrossEntropyLoss', () => {
  it('expands labels to one-hot rows (background: all zeros) and masks ignored labels', () => {
    const pred = [0, 0, 0, 0, 0, 0];
    const r = binaryCrossEntropyLoss(pred, { labels: [1, 2, -1] }, { numClasses: 2, reduction: 'none' });
    expect(Array.from(r.loss)).toEqual([Math.LN2, Math.LN2, Math.LN2, Math.LN2, 0, 0].map(Math.fround));
    expect(Array.from(r.gradPred)).toEqual([0.5, -0.5, 0.5, 0.5, 0, 0]);
    const avg = binaryCrossEntropyLoss(pred, { labels: [1, 2, -1] }, { numClasses: 2, avgNonIgnore: true });
    expect(avg.loss).toBeCloseTo(Math.LN2, 6);
  });

  it('has gradients that agree with central differences (labels, dense, pos weights)', () => {
    fc.assert(
      fc.property(classProblem, fc.boolean(), (pr, withClassWeight) => {
        const classWeight = withClassWeight ? Array.from({ length: pr.numClasses }, (_, c) => 0.5 + c) : undefined;
        const base = { numClasses: pr.numClasses, classWeight, reduction: 'sum' as const };
        for (const [target, weight] of [
          [{ labels: pr.labels }, pr.sampleWeight],
          [{ dense: pr.dense }, undefined],
        ] as const) {
          const options = { ...base, weight };
          const r = binaryCrossEntropyLoss(pr.logits, target, options);
          tally(expectGradientMatches((x) => sumLoss(binaryCrossEntropyLoss(x, target, options)), pr.logits, r.gradPred, {}, 'bce'));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is finite for logits of +-100 and rejects bad dense targets', () => {
    const r = binaryCrossEntropyLoss([100, -100], { dense: [0, 1] }, { numClasses: 2, reduction: 'none' });
    expect(Array.from(r.loss)).toEqual([100, 100]);
    expect(Array.from(r.gradPred)).toEqual([1, -1]);
    expectLabelAssignError(() => binaryCrossEntropyLoss([0, 0], { dense: [0, 2] }, { numClasses: 2 }), /binaryCrossEntropyLoss: target.dense\[1\] must be in \[0, 1\] or ignoreIndex \(-100\), but was 2/);
    expectLabelAssignError(() => binaryCrossEntropyLoss([0, 0], { labels: [0] }, { numClasses: 2, weight: [1, 1] }), /binaryCrossEntropyLoss: options.weight must hold 1 value \(one weight per row of pred\), but holds 2$/);
  });
});

describe('gaussianFocalLoss', () => {
  it('matches CenterNet by hand: peak and a negative', () => {
    // peak p = 0.9: -ln(0.9) * 0.1^2; negative p = 0.1, y = 0.5: -ln(0.9) * 0.1^2 * 0.5^4
    const r = gaussianFocalLoss([0.9, 0.1], [1, 0.5], { reduction: 'none' });
    expect(r.loss[0]).toBeCloseTo(-Math.log(0.9) * 0.01, 7);
    expect(r.loss[1]).toBeCloseTo(-Math.log(0.9) * 0.01 * 0.0625, 7);
  });

  it('has gradients that agree with central differences; posInds equals the peak form', () => {
    fc.assert(
      fc.property(
        fc.array(probability, { minLength: 2, maxLength: 12 }),
        fc.array(fc.oneof(unit, fc.constant(1)), { minLength: 12, maxLength: 12 }),
        (pred, target) => {
          const p = f32(pred);
          const t = f32(target.slice(0, pred.length));
          const options = { reduction: 'sum' as const, posWeight: 2, negWeight: 0.5 };
          const r = gaussianFocalLoss(p, t, options);
          tally(expectGradientMatches((x) => sumLoss(gaussianFocalLoss(x, t, options)), p, r.gradPred, { h: 1e-3, abs: 3e-3 }, 'gaussian'));
          expect(r.loss).toBeGreaterThanOrEqual(0);
          // positives by index: the same elements as the target's exact ones
          const inds = Array.from(t.keys()).filter((j) => t[j] === 1);
          const byIndex = gaussianFocalLoss(p, t, { ...options, posInds: inds, posLabels: inds.map(() => 0), numClasses: 1 });
          expect(byIndex.loss).toBeCloseTo(r.loss, 4);
          byIndex.gradPred.forEach((g, j) => expect(g).toBeCloseTo(r.gradPred[j], 4));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('rejects predictions outside [0, 1] and misuse of posInds', () => {
    expectLabelAssignError(() => gaussianFocalLoss([1.5], [1]), /gaussianFocalLoss: pred\[0\] must be in \[0, 1\], but was 1.5/);
    expectLabelAssignError(() => gaussianFocalLoss([0.5], [2]), /gaussianFocalLoss: target\[0\] must be in \[0, 1\], but was 2/);
    expectLabelAssignError(() => gaussianFocalLoss([0.5], [1], { posInds: [0] }), /options.posLabels must be given together with the other/);
    expectLabelAssignError(() => gaussianFocalLoss([0.5], [1], { posInds: [0], posLabels: [0] }), /options.numClasses must be an integer >= 1, but was undefined/);
    expectLabelAssignError(() => gaussianFocalLoss([0.5], [1], { posInds: [1], posLabels: [0], numClasses: 1 }), /options.posInds\[0\] must be a row of pred in \[0, 1\), but was 1/);
    expectLabelAssignError(() => gaussianFocalLoss([0.5], [1], { posInds: [0], posLabels: [0], numClasses: 1, reduction: 'none' }), /options.reduction must be 'mean' or 'sum' with posInds/);
  });
});

describe('finite differences', () => {
  it('compared most coordinates (kinks are rare)', () => {
    expect(checked.count).toBeGreaterThan(1000);
    expect(checked.skipped).toBeLessThan(checked.count / 10);
  });
});
