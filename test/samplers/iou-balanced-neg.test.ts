import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import { resolveIoUBalancedSamplerOptions, sampleIoUBalancedNegatives, sampleRandom, type IoUBalancedSamplerOptions } from '../../src/samplers/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

/** Priors given as [label, overlap] pairs; positives belong to gt 0. */
function assignment(priors: [number, number][], numGts = 1): AssignResult {
  return {
    numGts,
    label: Int8Array.from(priors, ([l]) => l),
    gtIndex: Int32Array.from(priors, ([l]) => (l === 1 ? 0 : -1)),
    gtLabel: Int32Array.from(priors, ([l]) => (l === 1 ? 0 : -1)),
    maxOverlap: Float32Array.from(priors, ([, o]) => o),
  };
}

function repeat(count: number, label: number, overlap: number): [number, number][] {
  return Array.from({ length: count }, () => [label, overlap] as [number, number]);
}

/** How many sampled negatives have each overlap value. */
function byOverlap(assign: AssignResult, negIndices: Int32Array, offset = 0): Map<number, number> {
  const out = new Map<number, number>();
  for (const i of negIndices) {
    const ov = assign.maxOverlap[i - offset];
    out.set(ov, (out.get(ov) ?? 0) + 1);
  }
  return out;
}

const SEEDS = Array.from({ length: 20 }, (_, i) => i * 7919 + 1);
const f = Math.fround;

describe('sampleIoUBalancedNegatives', () => {
  it('fills in the defaults', () => {
    expect(resolveIoUBalancedSamplerOptions({ num: 512, posFraction: 0.25, seed: 1 })).toEqual({
      num: 512,
      posFraction: 0.25,
      negPosUb: -1,
      addGtAsProposals: true,
      seed: 1,
      rng: null,
      floorThr: -1,
      floorFraction: 0,
      numBins: 3,
    });
  });

  it('gives every bin exactly its quota when all bins have enough', () => {
    // max overlap 0.9 (the positive) -> bins [0, 0.3), [0.3, 0.6), [0.6, 0.9).
    // 1 positive; E = 64 - 1 = 63 negatives, quota floor(63 / 3) = 21 per bin.
    const assign = assignment([[1, 0.9], ...repeat(40, 0, 0.1), ...repeat(40, 0, 0.4), ...repeat(40, 0, 0.7)]);
    for (const seed of SEEDS) {
      const s = sampleIoUBalancedNegatives(assign, { num: 64, posFraction: 0.25, addGtAsProposals: false, seed });
      expect(s.posIndices.length).toBe(1);
      const counts = byOverlap(assign, s.negIndices);
      expect([counts.get(f(0.1)), counts.get(f(0.4)), counts.get(f(0.7))]).toEqual([21, 21, 21]);
    }
  });

  it('takes all of a short bin and fills the shortfall from the rest of the IoU set', () => {
    const assign = assignment([[1, 0.9], ...repeat(40, 0, 0.1), ...repeat(40, 0, 0.4), ...repeat(5, 0, 0.7)]);
    const totals = [0, 0];
    for (const seed of SEEDS) {
      const s = sampleIoUBalancedNegatives(assign, { num: 64, posFraction: 0.25, addGtAsProposals: false, seed });
      const counts = byOverlap(assign, s.negIndices);
      expect(s.negIndices.length).toBe(63);
      expect(counts.get(f(0.7))).toBe(5);
      expect(counts.get(f(0.1))).toBeGreaterThanOrEqual(21);
      expect(counts.get(f(0.4))).toBeGreaterThanOrEqual(21);
      expect(counts.get(f(0.1))! + counts.get(f(0.4))!).toBe(58);
      totals[0] += counts.get(f(0.1))! - 21;
      totals[1] += counts.get(f(0.4))! - 21;
    }
    // The 16 extra come uniformly from 19 + 19 left: about half each over 20 seeds (320 in all).
    expect(totals[0] + totals[1]).toBe(320);
    expect(Math.abs(totals[0] - totals[1])).toBeLessThan(60);
  });

  it('reserves floorFraction of the quota for the floor set below floorThr', () => {
    // floorThr 0.2: floor = [0, 0.2), IoU set = [0.2, 0.9) in 2 bins [0.2, 0.55), [0.55, 0.9).
    // E = 63; Eiou = floor(63 * 0.5) = 31, quota 15 per bin + 1 shortfall; floor: 63 - 31 = 32.
    const assign = assignment([[1, 0.9], ...repeat(50, 0, 0.1), ...repeat(30, 0, 0.3), ...repeat(30, 0, 0.6)]);
    for (const seed of SEEDS) {
      const s = sampleIoUBalancedNegatives(assign, {
        num: 64,
        posFraction: 0.25,
        addGtAsProposals: false,
        floorThr: 0.2,
        floorFraction: 0.5,
        numBins: 2,
        seed,
      });
      const counts = byOverlap(assign, s.negIndices);
      expect(counts.get(f(0.1))).toBe(32);
      expect(counts.get(f(0.3))! + counts.get(f(0.6))!).toBe(31);
      expect(Math.min(counts.get(f(0.3))!, counts.get(f(0.6))!)).toBeGreaterThanOrEqual(15);
    }
  });

  it('with floorThr 0 the floor set is exactly the zero overlaps', () => {
    // numBins 1: Eiou = floor(63 * 0.5) = 31 uniformly from ov > 0 (1e-7 included), 32 from ov == 0.
    const assign = assignment([[1, 0.9], ...repeat(50, 0, 0), ...repeat(25, 0, 1e-7), ...repeat(25, 0, 0.2)]);
    const s = sampleIoUBalancedNegatives(assign, {
      num: 64,
      posFraction: 0.25,
      addGtAsProposals: false,
      floorThr: 0,
      floorFraction: 0.5,
      numBins: 1,
      seed: 5,
    });
    const counts = byOverlap(assign, s.negIndices);
    expect(counts.get(0)).toBe(32);
    expect((counts.get(f(1e-7)) ?? 0) + (counts.get(f(0.2)) ?? 0)).toBe(31);
  });

  it('fills from the remaining negatives when the sets fall short', () => {
    // floorThr 0.5 with all negatives below: IoU set empty, floor takes all it can (E = 63 of 80).
    const assign = assignment([[1, 0.9], ...repeat(80, 0, 0.1)]);
    const s = sampleIoUBalancedNegatives(assign, { num: 64, posFraction: 0.25, addGtAsProposals: false, floorThr: 0.5, floorFraction: 0.25, seed: 1 });
    expect(s.negIndices.length).toBe(63);
    // E = 15: the IoU set (10 at 0.6) is taken whole; overlap -1 is in neither set (the floor
    // set starts at 0), so those are reached only by the last fill: 5 of them.
    const odd = assignment([[1, 0.9], ...repeat(10, 0, -1), ...repeat(10, 0, 0.6)]);
    const t = sampleIoUBalancedNegatives(odd, { num: 16, posFraction: 0.25, addGtAsProposals: false, floorThr: 0.5, seed: 1 });
    const counts = byOverlap(odd, t.negIndices);
    expect(counts.get(f(0.6))).toBe(10);
    expect(counts.get(-1)).toBe(5);
  });

  it('takes every negative when there are at most E of them', () => {
    const assign = assignment([[1, 0.9], ...repeat(5, 0, 0.1), [-1, 0.3]]);
    const s = sampleIoUBalancedNegatives(assign, { num: 64, posFraction: 0.25, addGtAsProposals: false, seed: 1 });
    expect(Array.from(s.negIndices)).toEqual([1, 2, 3, 4, 5]);
  });

  it('puts an overlap equal to a float32 bin edge in the upper bin (edges rounded to float32 first)', () => {
    // max 0.9f, 3 bins: edge 1 = fround(0.9f / 3) = 0.29999998f. p = 0.29999998f is in bin 1.
    // E = 3, quota 1: bin 0 = {e}, bin 1 = {p, 3 x 0.45}, bin 2 = {h}: e and h are always taken.
    // (Were p in bin 0, e would be missed about half the time.)
    const p = f(0.29999998);
    expect(f(f(0.9) / 3)).toBe(p);
    const assign = assignment([[1, 0.9], [0, 0.1], [0, p], ...repeat(3, 0, 0.45), [0, 0.7]]);
    for (const seed of SEEDS) {
      const s = sampleIoUBalancedNegatives(assign, { num: 4, posFraction: 0.25, addGtAsProposals: false, seed });
      const counts = byOverlap(assign, s.negIndices);
      expect(counts.get(f(0.1))).toBe(1);
      expect(counts.get(f(0.7))).toBe(1);
      expect(s.negIndices.length).toBe(3);
    }
  });

  it('spans the bins to the largest overlap of the whole sample space, added ground truths (1) included', () => {
    // Priors alone: max 0.6 -> 2 bins [0, 0.3), [0.3, 0.6): x (0.4) alone in bin 1, always taken.
    // With the gt added (overlap 1): bins [0, 0.5), [0.5, 1): x shares bin 0 with the three 0.1s.
    const assign = assignment([[1, 0.6], [0, 0.4], ...repeat(3, 0, 0.1)]);
    let missed = 0;
    for (const seed of SEEDS) {
      const withGt = sampleIoUBalancedNegatives(assign, { num: 4, posFraction: 0.5, numBins: 2, seed });
      expect(withGt.numGtsAdded).toBe(1);
      expect(withGt.posIndices.length).toBe(2);
      expect(withGt.negIndices.length).toBe(2);
      if (!Array.from(withGt.negIndices).includes(2)) missed++; // prior 1 is index 2 in [gt; priors]
      const priorsOnly = sampleIoUBalancedNegatives(assign, { num: 3, posFraction: 0.5, numBins: 2, addGtAsProposals: false, seed });
      expect(priorsOnly.negIndices.length).toBe(2);
      expect(Array.from(priorsOnly.negIndices)).toContain(1);
    }
    expect(missed).toBeGreaterThan(0);
  });

  it('behaves the same on every call with floorThr -1 (no reference state carried over)', () => {
    const assign = assignment([[1, 0.9], ...repeat(30, 0, 0), ...repeat(30, 0, 0.2)]);
    const options: IoUBalancedSamplerOptions = { num: 32, posFraction: 0.25, addGtAsProposals: false, floorThr: -1, numBins: 3, seed: 4 };
    const first = sampleIoUBalancedNegatives(assign, options);
    expect(sampleIoUBalancedNegatives(assign, options).negIndices).toEqual(first.negIndices);
  });

  it('draws positives exactly as the random sampler', () => {
    const assign = assignment([...repeat(30, 1, 0.7), ...repeat(30, 0, 0.2)]);
    const options = { num: 32, posFraction: 0.25, addGtAsProposals: false, seed: 8 };
    expect(sampleIoUBalancedNegatives(assign, options).posIndices).toEqual(sampleRandom(assign, options).posIndices);
  });

  it('rejects bad options and assignments with a message naming the option', () => {
    const assign = assignment([[1, 0.9], [0, 0.1]]);
    const ok = { num: 8, posFraction: 0.5, seed: 1 };
    const fn = 'sampleIoUBalancedNegatives';
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, floorThr: -0.5 }), new RegExp(`^${fn}: floorThr must be -1 \\(no floor set\\) or a number in \\[0, 1\\), but was -0.5$`));
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, floorThr: 1 }), /floorThr must be -1 \(no floor set\) or a number in \[0, 1\), but was 1/);
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, floorThr: NaN }), /floorThr must be .*, but was NaN/);
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, floorFraction: 1.5 }), /floorFraction must be a number in \[0, 1\], but was 1.5/);
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, floorFraction: -0.1 }), /floorFraction must be a number in \[0, 1\], but was -0.1/);
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, numBins: 0 }), /numBins must be an integer >= 1, but was 0/);
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, numBins: 2.5 }), /numBins must be an integer >= 1, but was 2.5/);
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, num: 0 }), new RegExp(`^${fn}: num must be an integer >= 1, but was 0$`));
    expectLabelAssignError(() => sampleIoUBalancedNegatives(assign, { ...ok, numBin: 3 } as never), /unknown option 'numBin' in options; did you mean 'numBins'\?/);
    expectLabelAssignError(
      () => sampleIoUBalancedNegatives({ ...assign, maxOverlap: new Float32Array(1) }, ok),
      /assign.maxOverlap must be a Float32Array of 2 overlaps \(one per prior\)/,
    );
    expectLabelAssignError(() => sampleIoUBalancedNegatives({ ...assign, maxOverlap: Float32Array.of(0.9, NaN) }, ok), /assign.maxOverlap\[1\] must be a number, but was NaN/);
  });
});
