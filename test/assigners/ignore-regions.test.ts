import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IGNORED, NEGATIVE, POSITIVE } from '../../src/assigners/assign-result.js';
import { applyIgnoreCoverage, checkIgnoreCoverageThreshold } from '../../src/assigners/ignore-regions.js';
import { iofMatrix } from '../../src/geometry/overlaps.js';
import { boxesArbitrary } from '../helpers/arbitraries.js';

function state(n: number, labels: number[]) {
  return {
    label: Int8Array.from(labels),
    gtIndex: Int32Array.from(labels, (l, i) => (l === POSITIVE ? i % 3 : -1)),
    gtLabel: Int32Array.from(labels, (l) => (l === POSITIVE ? 7 : -1)),
    n,
  };
}

describe('the toolkit ignore rule', () => {
  it('ignores a negative prior mostly inside an ignore box, keeps positives and priors mostly outside', () => {
    // prior 0: fully inside (IoF 1); prior 1: 40% inside; prior 2: positive and inside.
    const priors = new Float32Array([0, 0, 10, 10, 6, 0, 16, 10, 2, 2, 8, 8]);
    const s = state(3, [NEGATIVE, NEGATIVE, POSITIVE]);
    applyIgnoreCoverage(priors, false, new Float32Array([0, 0, 10, 10]), 0.5, s.label, s.gtIndex, s.gtLabel);
    expect(Array.from(s.label)).toEqual([IGNORED, NEGATIVE, POSITIVE]);
    expect(s.gtIndex[0]).toBe(-1);
    expect(s.gtLabel[2]).toBe(7);
  });

  it('treats a point as inside a closed ignore box, borders included', () => {
    const points = new Float32Array([0, 0, 10, 5, 10.5, 5]);
    const s = state(3, [NEGATIVE, NEGATIVE, NEGATIVE]);
    applyIgnoreCoverage(points, true, new Float32Array([0, 0, 10, 10]), 0.5, s.label, s.gtIndex, s.gtLabel);
    expect(Array.from(s.label)).toEqual([IGNORED, IGNORED, NEGATIVE]);
  });

  it('does nothing without ignore boxes', () => {
    const s = state(2, [NEGATIVE, POSITIVE]);
    applyIgnoreCoverage(new Float32Array([0, 0, 1, 1, 0, 0, 1, 1]), false, new Float32Array(0), 0.5, s.label, s.gtIndex, s.gtLabel);
    expect(Array.from(s.label)).toEqual([NEGATIVE, POSITIVE]);
  });

  // Thresholds hit exact IoF values (0, 0.25, 0.5, 1: ties with `>`) as well as free ones; boxes
  // include zero-width and zero-height priors and ignore boxes (boxArbitrary's minSize 0) and
  // no priors at all; labels include priors that are already ignored.
  const threshold = fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));
  const labelsArb = fc.array(fc.constantFrom(POSITIVE, NEGATIVE, NEGATIVE, IGNORED), { minLength: 15, maxLength: 15 });

  for (const [few, many] of [
    [1, 4],
    [17, 30],
  ]) it(`ignores exactly the non-positive priors whose best IoF exceeds the threshold (${few}-${many} ignore boxes)`, () => {
    fc.assert(
      fc.property(
        boxesArbitrary({ minLength: 0, maxLength: 15, max: 40 }),
        boxesArbitrary({ minLength: few, maxLength: many, max: 40 }),
        threshold,
        labelsArb,
        (priors, ignore, threshold, labels) => {
          const n = priors.length / 4;
          const s = state(n, labels.slice(0, n));
          applyIgnoreCoverage(priors, false, ignore, threshold, s.label, s.gtIndex, s.gtLabel);
          const iof = iofMatrix(priors, ignore);
          const m = ignore.length / 4;
          for (let p = 0; p < n; p++) {
            let best = 0;
            for (let j = 0; j < m; j++) best = Math.max(best, iof[p * m + j]);
            const expected = labels[p] === POSITIVE ? POSITIVE : best > Math.fround(threshold) ? IGNORED : labels[p];
            expect(s.label[p]).toBe(expected);
            if (expected === IGNORED) expect([s.gtIndex[p], s.gtLabel[p]]).toEqual([-1, -1]);
          }
        },
      ),
    );
  });

  it('ignores exactly the non-positive points inside some ignore box of positive area (closed boxes)', () => {
    const coord = fc.oneof(fc.integer({ min: -5, max: 25 }), fc.double({ min: -5, max: 25, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(coord, coord), { maxLength: 15 }),
        boxesArbitrary({ minLength: 1, maxLength: 20, max: 20 }),
        labelsArb,
        (pointList, ignore, labels) => {
          const points = Float32Array.from(pointList.flat());
          const n = pointList.length;
          const s = state(n, labels.slice(0, n));
          applyIgnoreCoverage(points, true, ignore, 0.5, s.label, s.gtIndex, s.gtLabel);
          for (let p = 0; p < n; p++) {
            const x = points[2 * p];
            const y = points[2 * p + 1];
            let inside = false;
            for (let b = 0; b < ignore.length; b += 4) {
              const hasArea = ignore[b + 2] > ignore[b] && ignore[b + 3] > ignore[b + 1];
              if (hasArea && x >= ignore[b] && x <= ignore[b + 2] && y >= ignore[b + 1] && y <= ignore[b + 3]) inside = true;
            }
            expect(s.label[p]).toBe(labels[p] === POSITIVE ? POSITIVE : inside ? IGNORED : labels[p]);
          }
        },
      ),
    );
  });

  it('checks its threshold', () => {
    expect(checkIgnoreCoverageThreshold('assignX', 'options.ignoreCoverageThreshold', undefined)).toBe(0.5);
    expect(() => checkIgnoreCoverageThreshold('assignX', 'options.ignoreCoverageThreshold', 1.5)).toThrow(
      /assignX: options\.ignoreCoverageThreshold must be a number in \[0, 1\], but was 1\.5/,
    );
  });
});
