import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';
import {
  resolveCombinedSamplerOptions,
  sampleCombined,
  sampleInstanceBalancedPositives,
  sampleIoUBalancedNegatives,
  samplePseudo,
  sampleRandom,
} from '../../src/samplers/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';

const assignmentArb: fc.Arbitrary<AssignResult> = fc
  .record({
    numGts: fc.integer({ min: 1, max: 4 }),
    priors: fc.array(fc.record({ kind: fc.constantFrom(1, 0, 0, -1), gt: fc.nat(), ov: fc.constantFrom(0, 0.05, 0.2, 0.35, 0.45, 0.7) }), { maxLength: 120 }),
  })
  .map(({ numGts, priors }) => {
    const gtIndex = Int32Array.from(priors, (p) => (p.kind === 1 ? p.gt % numGts : -1));
    return {
      numGts,
      label: Int8Array.from(priors, (p) => p.kind),
      gtIndex,
      gtLabel: gtIndex.map((g) => (g >= 0 ? 0 : -1)),
      maxOverlap: Float32Array.from(priors, (p) => p.ov),
    };
  });

const optionsArb = fc.record({
  num: fc.integer({ min: 1, max: 80 }),
  posFraction: fc.constantFrom(0.25, 0.5),
  negPosUb: fc.constantFrom(-1, 3),
  addGtAsProposals: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

describe('samplePseudo', () => {
  it('returns every positive and negative, no ground truths added', () => {
    const assign: AssignResult = {
      numGts: 2,
      label: Int8Array.of(0, 1, -1, 1, 0),
      gtIndex: Int32Array.of(-1, 1, -1, 0, -1),
      gtLabel: Int32Array.of(-1, 4, -1, 3, -1),
      maxOverlap: new Float32Array(5),
    };
    const s = samplePseudo(assign);
    expect(Array.from(s.posIndices)).toEqual([1, 3]);
    expect(Array.from(s.negIndices)).toEqual([0, 4]);
    expect(Array.from(s.posGtIndex)).toEqual([1, 0]);
    expect(Array.from(s.posIsGt)).toEqual([0, 0]);
    expect(s.numGtsAdded).toBe(0);
    expect(s.nextRng).toBeNull();
    expect(assign.label).toEqual(Int8Array.of(0, 1, -1, 1, 0));
  });

  it('rejects a malformed assignment', () => {
    expectLabelAssignError(
      () => samplePseudo({ numGts: 0, label: Int8Array.of(1), gtIndex: Int32Array.of(0), gtLabel: Int32Array.of(0), maxOverlap: new Float32Array(1) }),
      /^samplePseudo: assign.gtIndex\[0\] must be a ground-truth index in \[0, 0\) for a positive, but was 0$/,
    );
  });
});

describe('sampleCombined', () => {
  it('fills in the defaults of its parts', () => {
    const r = resolveCombinedSamplerOptions({ num: 512, posFraction: 0.25, seed: 0, posSampler: { type: 'instance-balanced' }, negSampler: { type: 'iou-balanced' } });
    expect(r.negSampler).toEqual({ type: 'iou-balanced', floorThr: -1, floorFraction: 0, numBins: 3 });
    expect(r.posSampler).toEqual({ type: 'instance-balanced' });
  });

  it('equals the single samplers it combines, for the same seed', () => {
    fc.assert(
      fc.property(assignmentArb, optionsArb, (assign, options) => {
        const same = (a: { posIndices: Int32Array; negIndices: Int32Array }, b: { posIndices: Int32Array; negIndices: Int32Array }): void => {
          expect(a.posIndices).toEqual(b.posIndices);
          expect(a.negIndices).toEqual(b.negIndices);
        };
        same(sampleCombined(assign, { ...options, posSampler: { type: 'random' }, negSampler: { type: 'random' } }), sampleRandom(assign, options));
        same(
          sampleCombined(assign, { ...options, posSampler: { type: 'random' }, negSampler: { type: 'iou-balanced', floorThr: 0.1, floorFraction: 0.5, numBins: 2 } }),
          sampleIoUBalancedNegatives(assign, { ...options, floorThr: 0.1, floorFraction: 0.5, numBins: 2 }),
        );
        same(
          sampleCombined(assign, { ...options, posSampler: { type: 'instance-balanced' }, negSampler: { type: 'random' } }),
          sampleInstanceBalancedPositives(assign, options),
        );
        // Libra R-CNN: instance-balanced positives with IoU-balanced negatives; positives draw
        // first, so the positives are the instance-balanced sampler's.
        const libra = sampleCombined(assign, { ...options, posSampler: { type: 'instance-balanced' }, negSampler: { type: 'iou-balanced' } });
        expect(libra.posIndices).toEqual(sampleInstanceBalancedPositives(assign, options).posIndices);
      }),
    );
  });

  it('rejects bad parts with a message naming them', () => {
    const assign: AssignResult = { numGts: 1, label: Int8Array.of(1, 0), gtIndex: Int32Array.of(0, -1), gtLabel: Int32Array.of(0, -1), maxOverlap: new Float32Array(2) };
    const ok = { num: 8, posFraction: 0.5, seed: 1, posSampler: { type: 'random' as const }, negSampler: { type: 'random' as const } };
    expectLabelAssignError(() => sampleCombined(assign, { ...ok, posSampler: undefined as never }), /^sampleCombined: posSampler must be an object, but was undefined$/);
    expectLabelAssignError(() => sampleCombined(assign, { ...ok, posSampler: { type: 'ohem' } as never }), /posSampler.type must be 'random' or 'instance-balanced', but was 'ohem'/);
    expectLabelAssignError(() => sampleCombined(assign, { ...ok, negSampler: { type: 'instance-balanced' } as never }), /negSampler.type must be 'random' or 'iou-balanced', but was 'instance-balanced'/);
    expectLabelAssignError(() => sampleCombined(assign, { ...ok, negSampler: { type: 'random', numBins: 3 } as never }), /unknown option 'numBins' in negSampler/);
    expectLabelAssignError(() => sampleCombined(assign, { ...ok, negSampler: { type: 'iou-balanced', numBins: 0 } }), /negSampler.numBins must be an integer >= 1, but was 0/);
    expectLabelAssignError(() => sampleCombined(assign, { ...ok, negSampler: { type: 'iou-balanced', floorThr: 2 } }), /negSampler.floorThr must be -1 \(no floor set\) or a number in \[0, 1\), but was 2/);
    expectLabelAssignError(() => sampleCombined(assign, { ...ok, num: 0 }), /^sampleCombined: num must be an integer >= 1, but was 0$/);
    expectLabelAssignError(() => sampleCombined(assign, { ...ok, seed: undefined }), /seed must be given/);
  });
});
