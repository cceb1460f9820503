import { xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import { resolveRandomSamplerOptions, sampleRandom, seededGenerator, type RandomGenerator } from '../../src/samplers/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

/** An assignment from per-prior labels and (for positives) 0-based gts. */
function assignment(label: number[], gt: number[] = [], numGts = Math.max(0, ...gt.map((g) => g + 1)), overlap?: number[]): AssignResult {
  const gtIndex = Int32Array.from(label, (l, i) => (l === 1 ? gt[i] : -1));
  return {
    numGts,
    label: Int8Array.from(label),
    gtIndex,
    gtLabel: Int32Array.from(gtIndex, (g) => (g >= 0 ? 7 : -1)),
    maxOverlap: Float32Array.from(overlap ?? label.map((l) => (l === 1 ? 0.7 : 0.1))),
  };
}

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const expected = total / counts.length;
  let stat = 0;
  for (let i = 0; i < counts.length; i++) stat += (counts[i] - expected) ** 2 / expected;
  return stat;
}

describe('sampleRandom', () => {
  it('fills in the defaults', () => {
    const r = resolveRandomSamplerOptions({ num: 512, posFraction: 0.25, seed: 7 });
    expect(r).toEqual({ num: 512, posFraction: 0.25, negPosUb: -1, addGtAsProposals: true, seed: 7, rng: null });
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('golden: counts by hand, and the pinned sample of seed 42 (the stream must never change)', () => {
    // priors: 3 positives (0, 1, 4), 4 negatives (2, 3, 5, 7), 1 ignored (6)
    const assign = assignment([1, 1, 0, 0, 1, 0, -1, 0], [0, 1, 0, 0, 1, 0, 0, 0], 2);
    const s = sampleRandom(assign, { num: 4, posFraction: 0.5, addGtAsProposals: false, seed: 42 });
    // floor(4 * 0.5) = 2 of 3 positives; 4 - 2 = 2 of 4 negatives
    expect(s.posIndices.length).toBe(2);
    expect(s.negIndices.length).toBe(2);
    expect(Array.from(s.posIndices)).toEqual([0, 4]);
    expect(Array.from(s.negIndices)).toEqual([2, 7]);
    expect(Array.from(s.posGtIndex)).toEqual([0, 1]);
    expect(Array.from(s.posIsGt)).toEqual([0, 0]);
    expect(s.numGtsAdded).toBe(0);
  });

  it('prepends the ground truths as positives: indices refer to [gts; priors]', () => {
    const assign = assignment([0, 1, 0, -1, 0], [0, 2, 0, 0, 0], 3);
    const s = sampleRandom(assign, { num: 100, posFraction: 0.5, seed: 1 });
    expect(s.numGtsAdded).toBe(3);
    expect(Array.from(s.posIndices)).toEqual([0, 1, 2, 4]); // gts 0, 1, 2 and prior 1 (index 3 + 1)
    expect(Array.from(s.posIsGt)).toEqual([1, 1, 1, 0]);
    expect(Array.from(s.posGtIndex)).toEqual([0, 1, 2, 2]);
    expect(Array.from(s.negIndices)).toEqual([3, 5, 7]); // priors 0, 2, 4
  });

  it('does not add ground truths when there are none', () => {
    const s = sampleRandom(assignment([0, 0, -1], [], 0), { num: 8, posFraction: 0.25, seed: 1 });
    expect(s.numGtsAdded).toBe(0);
    expect(Array.from(s.negIndices)).toEqual([0, 1]);
  });

  it('caps negatives at floor(negPosUb * max(1, numPos))', () => {
    const label = [1, 1, ...Array(50).fill(0)];
    const assign = assignment(label, label.map(() => 0), 1);
    const opts = { num: 64, posFraction: 0.25, addGtAsProposals: false, seed: 3 };
    expect(sampleRandom(assign, { ...opts, negPosUb: 3 }).negIndices.length).toBe(6);
    expect(sampleRandom(assign, { ...opts, negPosUb: 2.5 }).negIndices.length).toBe(5);
    expect(sampleRandom(assign, { ...opts, negPosUb: 0 }).negIndices.length).toBe(0);
    expect(sampleRandom(assign, { ...opts, negPosUb: -1 }).negIndices.length).toBe(50);
    const noPos = assignment(Array(50).fill(0), [], 1);
    expect(sampleRandom(noPos, { ...opts, negPosUb: 3 }).negIndices.length).toBe(3); // max(1, 0) positives
  });

  it('rounds the positive quota down as int(num * pos_fraction)', () => {
    const label = Array(40).fill(1);
    const assign = assignment(label, label.map(() => 0), 1);
    expect(sampleRandom(assign, { num: 10, posFraction: 0.3, addGtAsProposals: false, seed: 0 }).posIndices.length).toBe(3);
    expect(sampleRandom(assign, { num: 7, posFraction: 0.5, addGtAsProposals: false, seed: 0 }).posIndices.length).toBe(3);
    expect(sampleRandom(assign, { num: 7, posFraction: 1, addGtAsProposals: false, seed: 0 }).posIndices.length).toBe(7);
  });

  it('handles no priors', () => {
    const s = sampleRandom(assignment([], [], 0), { num: 8, posFraction: 0.5, seed: 0 });
    expect(s.posIndices.length + s.negIndices.length).toBe(0);
  });

  it('nextRng continues the stream: chained calls differ, and replay from the same start', () => {
    const assign = assignment(Array(30).fill(0), [], 0);
    const opts = { num: 5, posFraction: 0 };
    const first = sampleRandom(assign, { ...opts, seed: 9 });
    const second = sampleRandom(assign, { ...opts, rng: first.nextRng! });
    expect(Array.from(second.negIndices)).not.toEqual(Array.from(first.negIndices));
    const replay = sampleRandom(assign, { ...opts, rng: first.nextRng! });
    expect(replay.negIndices).toEqual(second.negIndices);
  });

  it('is uniform: every negative equally likely (chi-square, fixed seeds)', () => {
    // 10 candidates, 3 drawn per call, 6000 chained calls: each index expected 1800 times.
    // Pearson's statistic is below chi-square(9) here (draws without replacement are negatively
    // correlated); 21.67, the 1% critical value of chi-square(9), is a conservative bound.
    // These seeds give 6.7, 8.2 and 7.8.
    const assign = assignment(Array(10).fill(0), [], 0);
    for (const seed of [1, 2, 3]) {
      const counts = new Float64Array(10);
      let rng: RandomGenerator = seededGenerator(seed);
      for (let draw = 0; draw < 6000; draw++) {
        const s = sampleRandom(assign, { num: 3, posFraction: 0, rng });
        for (const i of s.negIndices) counts[i]++;
        rng = s.nextRng!;
      }
      expect(chiSquare(counts)).toBeLessThan(21.67);
    }
  });

  it('is uniform over subsets: every pair of 2 out of 5 equally likely (chi-square, fixed seed)', () => {
    // 10 possible pairs, 5000 draws, 500 expected each; 9 degrees of freedom, 1% critical value 21.67.
    const assign = assignment([1, 1, 1, 1, 1], [0, 0, 0, 0, 0], 1);
    const counts = new Float64Array(25);
    let rng: RandomGenerator = xoroshiro128plus(2024);
    for (let draw = 0; draw < 5000; draw++) {
      const s = sampleRandom(assign, { num: 4, posFraction: 0.5, addGtAsProposals: false, rng });
      counts[s.posIndices[0] * 5 + s.posIndices[1]]++;
      rng = s.nextRng!;
    }
    const pairs: number[] = [];
    for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) pairs.push(counts[a * 5 + b]);
    expect(pairs.reduce((x, y) => x + y, 0)).toBe(5000);
    expect(chiSquare(pairs)).toBeLessThan(21.67);
  });

  it('spreads neighbouring seeds: the first draw over seeds 0..999 is uniform (chi-square)', () => {
    // pure-rand's xoroshiro128plus(seed) starts small seeds in nearly the same state; the
    // sampler's seededGenerator mixes the seed first. 1000 single draws of 1 of 10: 100 each;
    // 9 degrees of freedom, 1% critical value 21.67 (this gives 4.3).
    const assign = assignment(Array(10).fill(0), [], 0);
    const counts = new Float64Array(10);
    for (let seed = 0; seed < 1000; seed++) counts[sampleRandom(assign, { num: 1, posFraction: 0, seed }).negIndices[0]]++;
    expect(chiSquare(counts)).toBeLessThan(21.67);
  });

  it('accepts any pure-rand generator as rng, and seededGenerator(seed) equals seed', () => {
    const assign = assignment(Array(20).fill(0), [], 0);
    const opts = { num: 5, posFraction: 0 };
    const a = sampleRandom(assign, { ...opts, rng: xoroshiro128plus(5) });
    expect(a.negIndices.length).toBe(5);
    expect(sampleRandom(assign, { ...opts, rng: seededGenerator(5) }).negIndices).toEqual(sampleRandom(assign, { ...opts, seed: 5 }).negIndices);
    expectLabelAssignError(() => seededGenerator(0.5), /^seededGenerator: seed must be an integer in \[-2147483648, 2147483647\], but was 0.5$/);
  });

  it('rejects bad options with a message naming the option', () => {
    const assign = assignment([1, 0], [0, 0], 1);
    const ok = { num: 8, posFraction: 0.5, seed: 1 };
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, num: 0 }), /^sampleRandom: num must be an integer >= 1, but was 0$/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, num: 2.5 }), /num must be an integer >= 1, but was 2.5/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, posFraction: -0.1 }), /posFraction must be a number in \[0, 1\], but was -0.1/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, posFraction: 1.5 }), /posFraction must be a number in \[0, 1\], but was 1.5/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, posFraction: NaN }), /posFraction must be a number in \[0, 1\], but was NaN/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, negPosUb: -2 }), /negPosUb must be -1 \(no bound\) or a number >= 0, but was -2/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, addGtAsProposals: 'yes' as never }), /addGtAsProposals must be true or false, but was 'yes'/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, seed: 1.5 }), /seed must be an integer in \[-2147483648, 2147483647\], but was 1.5/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, seed: 2 ** 31 }), /seed must be an integer in/);
    expectLabelAssignError(() => sampleRandom(assign, { num: 8, posFraction: 0.5 }), /seed must be given \(an int32 integer\), or rng/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, rng: xoroshiro128plus(1) }), /rng must be left out when seed is given/);
    expectLabelAssignError(() => sampleRandom(assign, { num: 8, posFraction: 0.5, rng: {} as never }), /rng must be a pure-rand RandomGenerator/);
    expectLabelAssignError(() => sampleRandom(assign, { ...ok, numm: 3 } as never), /unknown option 'numm' in options; did you mean 'num'\?/);
    expectLabelAssignError(() => sampleRandom(assign, null as never), /sampleRandom: options must be an object/);
  });

  it('rejects a malformed assignment', () => {
    const ok = { num: 8, posFraction: 0.5, seed: 1 };
    expectLabelAssignError(() => sampleRandom({ ...assignment([1, 0], [0, 0], 1), label: Int8Array.of(1, 2) }, ok), /assign.label\[1\] must be 1, 0 or -1, but was 2/);
    expectLabelAssignError(
      () => sampleRandom({ ...assignment([1, 0], [0, 0], 1), gtIndex: Int32Array.of(1, -1) }, ok),
      /assign.gtIndex\[0\] must be a ground-truth index in \[0, 1\) for a positive, but was 1/,
    );
    expectLabelAssignError(() => sampleRandom({ ...assignment([1, 0], [0, 0], 1), gtIndex: Int32Array.of(0) }, ok), /assign.gtIndex must be an Int32Array of 2/);
    expectLabelAssignError(() => sampleRandom({ ...assignment([1, 0], [0, 0], 1), numGts: -1 }, ok), /assign.numGts must be a non-negative integer, but was -1/);
    expectLabelAssignError(() => sampleRandom('x' as never, ok), /assign must be an object/);
  });
});
