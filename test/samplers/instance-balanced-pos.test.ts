import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import { resolveInstanceBalancedSamplerOptions, sampleInstanceBalancedPositives, sampleRandom, seededGenerator, type RandomGenerator } from '../../src/samplers/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

/** `perGt[k]` positives of gt k (grouped), then `numNeg` negatives. */
function assignment(perGt: number[], numNeg = 0): AssignResult {
  const gts = perGt.flatMap((count, gt) => Array.from({ length: count }, () => gt));
  const n = gts.length + numNeg;
  const label = new Int8Array(n);
  const gtIndex = new Int32Array(n).fill(-1);
  gts.forEach((gt, i) => {
    label[i] = 1;
    gtIndex[i] = gt;
  });
  return { numGts: perGt.length, label, gtIndex, gtLabel: gtIndex.map((g) => (g >= 0 ? 1 : -1)), maxOverlap: new Float32Array(n) };
}

function perGtCounts(s: { posGtIndex: Int32Array }, numGts: number): number[] {
  const counts = new Array<number>(numGts).fill(0);
  for (const g of s.posGtIndex) counts[g]++;
  return counts;
}

const SEEDS = Array.from({ length: 20 }, (_, i) => i * 104729 + 3);

describe('sampleInstanceBalancedPositives', () => {
  it('fills in the defaults', () => {
    expect(resolveInstanceBalancedSamplerOptions({ num: 512, posFraction: 0.25, seed: 3 })).toEqual({
      num: 512,
      posFraction: 0.25,
      negPosUb: -1,
      addGtAsProposals: true,
      seed: 3,
      rng: null,
    });
  });

  it('gives each ground truth min(count, round(E / G) + 1), then fills the shortfall', () => {
    // E = floor(120 * 0.25) = 30, G = 3, quota round(10) + 1 = 11: 11 + 10 + 2 = 23 < 30;
    // the 7 extra can only come from gt 0 (the others are used up): 18, 10, 2.
    const assign = assignment([50, 10, 2], 100);
    for (const seed of SEEDS) {
      const s = sampleInstanceBalancedPositives(assign, { num: 120, posFraction: 0.25, addGtAsProposals: false, seed });
      expect(perGtCounts(s, 3)).toEqual([18, 10, 2]);
      expect(s.negIndices.length).toBe(90);
    }
  });

  it('cuts the per-instance draw back to E uniformly, never above the quota (round half to even)', () => {
    // E = 10, G = 4: round(2.5) = 2 (Python rounds halves to even), quota 3; 12 taken, 10 kept.
    // Round-half-up would give quota 4 and let one ground truth reach 4.
    const assign = assignment([40, 40, 40, 40]);
    let sawThree = false;
    for (const seed of SEEDS) {
      const s = sampleInstanceBalancedPositives(assign, { num: 20, posFraction: 0.5, addGtAsProposals: false, seed });
      const counts = perGtCounts(s, 4);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
      expect(Math.max(...counts)).toBeLessThanOrEqual(3);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
      if (counts.includes(3)) sawThree = true;
    }
    expect(sawThree).toBe(true);
  });

  it('spreads positives evenly over ground truths where the random sampler follows their sizes', () => {
    // gt 0 owns 90 positives, gt 1 owns 10; E = 16: instance-balanced takes 9 + 7 or so, the
    // random sampler about 14.4 + 1.6 (fixed seeds; totals over 20 seeds).
    const assign = assignment([90, 10], 50);
    const balanced = [0, 0];
    const random = [0, 0];
    let rng: RandomGenerator = seededGenerator(11);
    for (let k = 0; k < 20; k++) {
      const options = { num: 64, posFraction: 0.25, addGtAsProposals: false, rng };
      const s = sampleInstanceBalancedPositives(assign, options);
      const r = sampleRandom(assign, options);
      perGtCounts(s, 2).forEach((c, g) => (balanced[g] += c));
      perGtCounts(r, 2).forEach((c, g) => (random[g] += c));
      rng = s.nextRng!;
    }
    // quota round(16 / 2) + 1 = 9 each: 9 + 9 = 18 > 16, cut to 16: gt 1 gets 7 to 9 every time
    expect(balanced[1]).toBeGreaterThanOrEqual(140);
    expect(balanced[0] + balanced[1]).toBe(320);
    expect(random[1]).toBeLessThan(80);
  });

  it('counts added ground truths with their own instance', () => {
    const assign = assignment([30, 30], 10);
    const s = sampleInstanceBalancedPositives(assign, { num: 16, posFraction: 0.5, seed: 2 });
    expect(s.numGtsAdded).toBe(2);
    expect(s.posIndices.length).toBe(8);
    // quota round(8 / 2) + 1 = 5 per gt: 10 taken, 8 kept; each gt has 3 to 5
    const counts = perGtCounts(s, 2);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(3);
    for (let k = 0; k < s.posIndices.length; k++) expect(s.posIsGt[k]).toBe(s.posIndices[k] < 2 ? 1 : 0);
  });

  it('takes every positive when there are at most E', () => {
    const assign = assignment([2, 1], 5);
    const s = sampleInstanceBalancedPositives(assign, { num: 16, posFraction: 0.5, addGtAsProposals: false, seed: 2 });
    expect(Array.from(s.posIndices)).toEqual([0, 1, 2]);
    expect(Array.from(s.posGtIndex)).toEqual([0, 0, 1]);
  });

  it('rejects bad options with a message naming the option', () => {
    const assign = assignment([2], 2);
    expectLabelAssignError(
      () => sampleInstanceBalancedPositives(assign, { num: -3, posFraction: 0.5, seed: 1 }),
      /^sampleInstanceBalancedPositives: num must be an integer >= 1, but was -3$/,
    );
    expectLabelAssignError(() => sampleInstanceBalancedPositives(assign, { num: 3, posFraction: 2, seed: 1 }), /posFraction must be a number in \[0, 1\], but was 2/);
    expectLabelAssignError(() => sampleInstanceBalancedPositives(assign, { num: 3, posFraction: 0.5 }), /seed must be given/);
    expectLabelAssignError(() => sampleInstanceBalancedPositives(assign, { num: 3, posFraction: 0.5, seed: 1, floorThr: 0 } as never), /unknown option 'floorThr'/);
  });
});
