import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IGNORED, NEGATIVE, POSITIVE } from '../../src/assigners/assign-result.js';
import { applyIgnoreRegions, checkIgnoreIofThreshold } from '../../src/assigners/ignore-regions.js';
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
    applyIgnoreRegions(priors, false, new Float32Array([0, 0, 10, 10]), 0.5, s.label, s.gtIndex, s.gtLabel);
    expect(Array.from(s.label)).toEqual([IGNORED, NEGATIVE, POSITIVE]);
    expect(s.gtIndex[0]).toBe(-1);
    expect(s.gtLabel[2]).toBe(7);
  });

  it('treats a point as inside a closed ignore box, borders included', () => {
    const points = new Float32Array([0, 0, 10, 5, 10.5, 5]);
    const s = state(3, [NEGATIVE, NEGATIVE, NEGATIVE]);
    applyIgnoreRegions(points, true, new Float32Array([0, 0, 10, 10]), 0.5, s.label, s.gtIndex, s.gtLabel);
    expect(Array.from(s.label)).toEqual([IGNORED, IGNORED, NEGATIVE]);
  });

  it('does nothing without ignore boxes', () => {
    const s = state(2, [NEGATIVE, POSITIVE]);
    applyIgnoreRegions(new Float32Array([0, 0, 1, 1, 0, 0, 1, 1]), false, new Float32Array(0), 0.5, s.label, s.gtIndex, s.gtLabel);
    expect(Array.from(s.label)).toEqual([NEGATIVE, POSITIVE]);
  });

  for (const [few, many] of [
    [1, 4],
    [17, 30],
  ]) it(`ignores exactly the non-positive priors whose best IoF exceeds the threshold (${few}-${many} ignore boxes)`, () => {
    fc.assert(
      fc.property(
        boxesArbitrary({ minLength: 1, maxLength: 15, minSize: 0.5 }),
        boxesArbitrary({ minLength: few, maxLength: many, minSize: 0.5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.constantFrom(POSITIVE, NEGATIVE), { minLength: 15, maxLength: 15 }),
        (priors, ignore, threshold, labels) => {
          const n = priors.length / 4;
          const s = state(n, labels.slice(0, n));
          applyIgnoreRegions(priors, false, ignore, threshold, s.label, s.gtIndex, s.gtLabel);
          const iof = iofMatrix(priors, ignore);
          const m = ignore.length / 4;
          for (let p = 0; p < n; p++) {
            let best = 0;
            for (let j = 0; j < m; j++) best = Math.max(best, iof[p * m + j]);
            const expected = labels[p] === POSITIVE ? POSITIVE : best > Math.fround(threshold) ? IGNORED : NEGATIVE;
            expect(s.label[p]).toBe(expected);
          }
        },
      ),
    );
  });

  it('checks its threshold', () => {
    expect(checkIgnoreIofThreshold('assignX', 'options.ignoreIofThreshold', undefined)).toBe(0.5);
    expect(() => checkIgnoreIofThreshold('assignX', 'options.ignoreIofThreshold', 1.5)).toThrow(
      /assignX: options\.ignoreIofThreshold must be a number in \[0, 1\], but was 1\.5/,
    );
  });
});
