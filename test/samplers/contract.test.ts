/**
 * The sampler contract, run over every sampler with fast-check: indices unique and in range,
 * positives are assigned positives (or added ground truths), negatives are assigned negatives,
 * counts as documented, same seed -> same sample, inputs untouched.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import {
  sampleCombined,
  sampleInstanceBalancedPositives,
  sampleIoUBalancedNegatives,
  sampleOhem,
  samplePseudo,
  sampleRandom,
  sampleSsdHardNegatives,
  seededGenerator,
  type SampleResult,
} from '../../src/samplers/index.js';

interface Scenario {
  readonly assign: AssignResult;
  readonly losses: Float32Array; // one per prior (SSD) ...
  readonly spaceLosses: (numGtsAdded: number) => Float32Array; // ... and per sample-space entry (OHEM)
}

/** Overlap values with many ties (bin edges, the floor, zeros) and some free floats. */
const overlapArb = fc.oneof(
  fc.constantFrom(0, 0, 0.1, 0.25, Math.fround(1 / 3), 0.3, 0.5, Math.fround(2 / 3), 0.9, 1),
  fc.float({ min: 0, max: 1, noNaN: true }),
);

const assignmentArb: fc.Arbitrary<Scenario> = fc
  .record({
    numGts: fc.integer({ min: 0, max: 5 }),
    priors: fc.array(
      fc.record({
        kind: fc.constantFrom<number>(1, 0, 0, 0, -1),
        gt: fc.nat(),
        overlap: overlapArb,
        loss: fc.oneof(fc.constantFrom(0, 1, 2.5), fc.float({ min: 0, max: 10, noNaN: true })),
      }),
      { maxLength: 80 },
    ),
    gtLosses: fc.array(fc.float({ min: 0, max: 10, noNaN: true }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ numGts, priors, gtLosses }) => {
    const n = priors.length;
    const label = new Int8Array(n);
    const gtIndex = new Int32Array(n).fill(-1);
    const gtLabel = new Int32Array(n).fill(-1);
    const maxOverlap = new Float32Array(n);
    const losses = new Float32Array(n);
    priors.forEach((p, i) => {
      const kind = numGts === 0 && p.kind === 1 ? 0 : p.kind;
      label[i] = kind;
      if (kind === 1) {
        gtIndex[i] = p.gt % numGts;
        gtLabel[i] = gtIndex[i] % 3;
      }
      maxOverlap[i] = p.overlap;
      losses[i] = p.loss;
    });
    const assign: AssignResult = { numGts, label, gtIndex, gtLabel, maxOverlap };
    const spaceLosses = (g: number): Float32Array => {
      const out = new Float32Array(g + n);
      for (let k = 0; k < g; k++) out[k] = gtLosses[k];
      out.set(losses, g);
      return out;
    };
    return { assign, losses, spaceLosses };
  });

const baseArb = fc.record({
  num: fc.integer({ min: 1, max: 64 }),
  posFraction: fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
  negPosUb: fc.constantFrom(-1, 0, 1, 2.5, 3),
  addGtAsProposals: fc.boolean(),
  seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
});

const iouArb = fc.record({
  floorThr: fc.constantFrom(-1, 0, 0.1, 0.3),
  floorFraction: fc.constantFrom(0, 0.25, 0.5, 1),
  numBins: fc.integer({ min: 1, max: 5 }),
});

interface Base {
  readonly num: number;
  readonly posFraction: number;
  readonly negPosUb: number;
  readonly addGtAsProposals: boolean;
  readonly seed: number;
}

interface SamplerUnderTest {
  readonly name: string;
  /** `count` = the shared count rule; `all` = pseudo; `ssd` = all positives, ratio * P negatives. */
  readonly counts: 'count' | 'all' | 'ssd';
  readonly random: boolean;
  readonly extra?: fc.Arbitrary<Record<string, unknown>>;
  run(s: Scenario, base: Base, extra: Record<string, unknown>): SampleResult;
}

const SAMPLERS: readonly SamplerUnderTest[] = [
  { name: 'sampleRandom', counts: 'count', random: true, run: (s, b) => sampleRandom(s.assign, b) },
  {
    name: 'sampleIoUBalancedNegatives',
    counts: 'count',
    random: true,
    extra: iouArb,
    run: (s, b, e) => sampleIoUBalancedNegatives(s.assign, { ...b, ...e }),
  },
  { name: 'sampleInstanceBalancedPositives', counts: 'count', random: true, run: (s, b) => sampleInstanceBalancedPositives(s.assign, b) },
  {
    name: 'sampleCombined',
    counts: 'count',
    random: true,
    extra: fc.record({ pos: fc.constantFrom('random', 'instance-balanced'), neg: fc.constantFrom('random', 'iou-balanced'), iou: iouArb }),
    run: (s, b, e) =>
      sampleCombined(s.assign, {
        ...b,
        posSampler: { type: e.pos as 'random' },
        negSampler: e.neg === 'random' ? { type: 'random' } : { type: 'iou-balanced', ...(e.iou as object) },
      }),
  },
  {
    name: 'sampleOhem',
    counts: 'count',
    random: false,
    run: (s, { seed: _seed, ...b }) => sampleOhem(s.assign, s.spaceLosses(b.addGtAsProposals ? s.assign.numGts : 0), b),
  },
  {
    name: 'sampleOhem (loss function)',
    counts: 'count',
    random: false,
    run: (s, { seed: _seed, ...b }) => {
      const table = s.spaceLosses(b.addGtAsProposals ? s.assign.numGts : 0);
      return sampleOhem(s.assign, (candidates) => Array.from(candidates, (i) => table[i]), b);
    },
  },
  {
    name: 'sampleSsdHardNegatives',
    counts: 'ssd',
    random: false,
    extra: fc.record({ negPosRatio: fc.integer({ min: 0, max: 4 }) }),
    run: (s, _b, e) => sampleSsdHardNegatives(s.assign, s.losses, e),
  },
  { name: 'samplePseudo', counts: 'all', random: false, run: (s) => samplePseudo(s.assign) },
];

function snapshot(assign: AssignResult): unknown[] {
  return [assign.numGts, Array.from(assign.label), Array.from(assign.gtIndex), Array.from(assign.gtLabel), Array.from(assign.maxOverlap)];
}

function checkContract(t: SamplerUnderTest, s: Scenario, base: Base, extra: Record<string, unknown>, sample: SampleResult): void {
  const { assign } = s;
  const n = assign.label.length;
  const addsGts = (t.counts === 'count' && base.addGtAsProposals && assign.numGts > 0);
  const g = addsGts ? assign.numGts : 0;
  expect(sample.numGtsAdded).toBe(g);
  expect(Object.isFrozen(sample)).toBe(true);
  const { posIndices: pos, negIndices: neg, posGtIndex, posIsGt } = sample;
  expect(posGtIndex.length).toBe(pos.length);
  expect(posIsGt.length).toBe(pos.length);
  const seen = new Set<number>();
  for (let k = 0; k < pos.length; k++) {
    const i = pos[k];
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i).toBeLessThan(g + n);
    expect(seen.has(i)).toBe(false);
    seen.add(i);
    if (k > 0) expect(pos[k - 1]).toBeLessThan(i);
    if (i < g) {
      expect(posIsGt[k]).toBe(1);
      expect(posGtIndex[k]).toBe(i);
    } else {
      expect(posIsGt[k]).toBe(0);
      expect(assign.label[i - g]).toBe(1);
      expect(posGtIndex[k]).toBe(assign.gtIndex[i - g]);
    }
  }
  for (let k = 0; k < neg.length; k++) {
    const i = neg[k];
    expect(i).toBeGreaterThanOrEqual(g);
    expect(i).toBeLessThan(g + n);
    expect(seen.has(i)).toBe(false);
    seen.add(i);
    expect(assign.label[i - g]).toBe(0);
    if (k > 0) {
      if (t.counts === 'ssd') expect(s.losses[neg[k - 1]]).toBeGreaterThanOrEqual(s.losses[i]);
      else expect(neg[k - 1]).toBeLessThan(i);
    }
  }
  let numPos = g;
  let numNeg = 0;
  for (let i = 0; i < n; i++) {
    if (assign.label[i] === 1) numPos++;
    else if (assign.label[i] === 0) numNeg++;
  }
  if (t.counts === 'all') {
    expect(pos.length).toBe(numPos);
    expect(neg.length).toBe(numNeg);
  } else if (t.counts === 'ssd') {
    expect(pos.length).toBe(numPos);
    expect(neg.length).toBe(Math.min((extra.negPosRatio as number) * numPos, numNeg));
  } else {
    const wantPos = Math.floor(base.num * base.posFraction);
    expect(pos.length).toBe(Math.min(numPos, wantPos));
    let wantNeg = base.num - pos.length;
    expect(neg.length).toBeLessThanOrEqual(wantNeg);
    if (base.negPosUb >= 0) {
      wantNeg = Math.min(wantNeg, Math.floor(base.negPosUb * Math.max(1, pos.length)));
      expect(neg.length).toBeLessThanOrEqual(Math.floor(base.negPosUb * Math.max(1, pos.length)));
    }
    expect(neg.length).toBe(Math.min(numNeg, wantNeg));
  }
  expect(sample.nextRng === null).toBe(!t.random);
}

describe('sampler contract', () => {
  for (const t of SAMPLERS) {
    it(`${t.name}: unique in-range indices, assigned labels, documented counts, deterministic, inputs untouched`, () => {
      fc.assert(
        fc.property(assignmentArb, baseArb, t.extra ?? fc.constant({}), (s, base, extra) => {
          const before = snapshot(s.assign);
          const lossesBefore = Array.from(s.losses);
          const sample = t.run(s, base, extra);
          checkContract(t, s, base, extra, sample);
          expect(snapshot(s.assign)).toEqual(before);
          expect(Array.from(s.losses)).toEqual(lossesBefore);
          const again = t.run(s, base, extra);
          expect(again.posIndices).toEqual(sample.posIndices);
          expect(again.negIndices).toEqual(sample.negIndices);
          expect(again.posGtIndex).toEqual(sample.posGtIndex);
          expect(again.posIsGt).toEqual(sample.posIsGt);
        }),
      );
    });
  }

  for (const t of SAMPLERS.filter((u) => u.random)) {
    it(`${t.name}: a generator passed as rng is cloned, never advanced, and equals the same seed`, () => {
      fc.assert(
        fc.property(assignmentArb, baseArb, t.extra ?? fc.constant({}), (s, base, extra) => {
          const { seed, ...rest } = base;
          const rng = seededGenerator(seed);
          const state = rng.getState();
          const bySeed = t.run(s, base, extra);
          const byRng = t.run(s, { ...rest, rng } as unknown as Base, extra);
          expect(rng.getState()).toEqual(state);
          expect(byRng.posIndices).toEqual(bySeed.posIndices);
          expect(byRng.negIndices).toEqual(bySeed.negIndices);
          expect(byRng.nextRng!.getState()).toEqual(bySeed.nextRng!.getState());
        }),
      );
    });
  }
});
