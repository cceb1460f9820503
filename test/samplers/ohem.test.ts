import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import { topKDescending } from '../../src/samplers/common.js';
import { resolveOhemSamplerOptions, sampleOhem } from '../../src/samplers/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

function assignment(label: number[], gt: number[], numGts: number): AssignResult {
  const gtIndex = Int32Array.from(label, (l, i) => (l === 1 ? gt[i] : -1));
  return { numGts, label: Int8Array.from(label), gtIndex, gtLabel: gtIndex.map((g) => (g >= 0 ? 2 : -1)), maxOverlap: new Float32Array(label.length) };
}

describe('sampleOhem', () => {
  // priors:        0    1    2    3    4    5    6    7
  const label = [1, 1, 1, 0, 0, 0, 0, -1];
  const gt = [0, 1, 1, 0, 0, 0, 0, 0];
  const assign = assignment(label, gt, 2);

  it('fills in the defaults', () => {
    expect(resolveOhemSamplerOptions({ num: 512, posFraction: 0.25 })).toEqual({ num: 512, posFraction: 0.25, negPosUb: -1, addGtAsProposals: true });
  });

  it('golden: keeps the highest-loss positives and negatives (by hand)', () => {
    const losses = Float32Array.of(0.5, 3, 1, /* negatives */ 0.1, 4, 2, 0.3, /* ignored */ 9);
    // num 4, posFraction 0.5: 2 of 3 positives (1: 3, 2: 1), then 4 - 2 = 2 negatives (4: 4, 5: 2)
    const s = sampleOhem(assign, losses, { num: 4, posFraction: 0.5, addGtAsProposals: false });
    expect(Array.from(s.posIndices)).toEqual([1, 2]);
    expect(Array.from(s.negIndices)).toEqual([4, 5]);
    expect(Array.from(s.posGtIndex)).toEqual([1, 1]);
    expect(s.nextRng).toBeNull();
  });

  it('ranks [gts; priors] when ground truths are added', () => {
    // gts get losses 0.2 and 5; priors as above, shifted by 2
    const losses = Float32Array.of(0.2, 5, 0.5, 3, 1, 0.1, 4, 2, 0.3, 9);
    const s = sampleOhem(assign, losses, { num: 4, posFraction: 0.5 });
    expect(s.numGtsAdded).toBe(2);
    expect(Array.from(s.posIndices)).toEqual([1, 3]); // gt 1 (5) and prior 1 (3)
    expect(Array.from(s.posIsGt)).toEqual([1, 0]);
    expect(Array.from(s.posGtIndex)).toEqual([1, 1]);
    expect(Array.from(s.negIndices)).toEqual([6, 7]); // priors 4 and 5
  });

  it('calls a loss function only on the candidates, and only when there are too many', () => {
    const calls: { candidates: number[]; positive: boolean }[] = [];
    const table = [0.5, 3, 1, 0.1, 4, 2, 0.3, 9];
    const s = sampleOhem(
      assign,
      (candidates, positive) => {
        calls.push({ candidates: Array.from(candidates), positive });
        return Array.from(candidates, (i) => table[i]);
      },
      { num: 6, posFraction: 0.5, addGtAsProposals: false },
    );
    // 3 positives wanted, 3 present: no call; 3 negatives of 4: one call on the negatives
    expect(calls).toEqual([{ candidates: [3, 4, 5, 6], positive: false }]);
    expect(Array.from(s.posIndices)).toEqual([0, 1, 2]);
    expect(Array.from(s.negIndices)).toEqual([4, 5, 6]);
  });

  it('keeps the lower index among exact ties at the cut', () => {
    const losses = Float32Array.of(1, 1, 1, 2, 2, 2, 2, 0);
    const s = sampleOhem(assign, losses, { num: 4, posFraction: 0.5, addGtAsProposals: false });
    expect(Array.from(s.posIndices)).toEqual([0, 1]);
    expect(Array.from(s.negIndices)).toEqual([3, 4]);
  });

  it('applies negPosUb to the negatives', () => {
    const losses = Float32Array.of(0.5, 3, 1, 0.1, 4, 2, 0.3, 9);
    const s = sampleOhem(assign, losses, { num: 8, posFraction: 0.125, negPosUb: 1, addGtAsProposals: false });
    expect(Array.from(s.posIndices)).toEqual([1]);
    expect(Array.from(s.negIndices)).toEqual([4]);
  });

  it('rejects bad losses and options', () => {
    const ok = { num: 4, posFraction: 0.5, addGtAsProposals: false };
    expectLabelAssignError(
      () => sampleOhem(assign, new Float32Array(3), ok),
      /^sampleOhem: losses must be one loss per sample-space entry \(8 = 0 added ground truths \+ 8 priors\), or a function, but was a Float32Array of length 3$/,
    );
    expectLabelAssignError(() => sampleOhem(assign, new Float32Array(8), { num: 4, posFraction: 0.5 }), /losses must be one loss per sample-space entry \(10 = 2 added/);
    expectLabelAssignError(() => sampleOhem(assign, Float32Array.of(0, 0, 0, NaN, 0, 0, 0, 0), ok), /losses\[3\] must be a number \(not NaN\), but was NaN/);
    expectLabelAssignError(() => sampleOhem(assign, () => [1], ok), /losses must be a function returning one loss per positive candidate \(3\)/);
    expectLabelAssignError(() => sampleOhem(assign, new Float32Array(8), { ...ok, num: 0 }), /^sampleOhem: num must be an integer >= 1, but was 0$/);
    expectLabelAssignError(() => sampleOhem(assign, new Float32Array(8), { ...ok, seed: 1 } as never), /unknown option 'seed' in options/);
    expectLabelAssignError(() => sampleOhem(assign, 'x' as never, ok), /losses must be one loss per sample-space entry/);
  });

  it('ranks exactly as a full stable sort by descending loss (the selection shortcut changes nothing)', () => {
    const value = fc.oneof(fc.constantFrom(0, 1, 2, Infinity, -Infinity), fc.float({ noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), fc.nat({ max: 220 }), (values, k) => {
        const full = values.map((_, i) => i).sort((a, b) => (values[a] > values[b] ? -1 : values[a] < values[b] ? 1 : a - b));
        expect(Array.from(topKDescending(values, values.length, k))).toEqual(full.slice(0, k));
      }),
      { numRuns: 500 },
    );
  });
});
