/**
 * The assigner contract: one suite every assigner passes (after fast-check's
 * ArbitraryAssertions). An adapter says how to run a strategy on ground truths within an image
 * of a given size; the suite checks what every assignment must satisfy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssignResult } from '../../src/assigners/assign-result.js';

export interface AssignerAdapter {
  readonly name: string;
  /** Image size the adapter builds its priors for. */
  readonly imageSize: readonly [number, number];
  /** Runs the strategy; `noPriors` asks for an empty prior set. */
  run(gtBoxes: Float32Array, gtLabels: Int32Array, noPriors?: boolean): AssignResult;
}

/**
 * Ground truths in disjoint tiles of the image (so no two compete for a prior and the
 * permutation property is tie-free), sizes from 8 px to most of a tile, random float corners.
 */
export function separatedGts(imageSize: readonly [number, number], maxGts = 6): fc.Arbitrary<{ boxes: Float32Array; labels: Int32Array }> {
  const [h, w] = imageSize;
  const cols = 3;
  const rows = 2;
  const tileW = w / cols;
  const tileH = h / rows;
  const box = fc.record({
    tile: fc.integer({ min: 0, max: cols * rows - 1 }),
    fx: fc.double({ min: 0, max: 1, noNaN: true }),
    fy: fc.double({ min: 0, max: 1, noNaN: true }),
    fw: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    fh: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    label: fc.integer({ min: 0, max: 3 }),
  });
  return fc.uniqueArray(box, { maxLength: Math.min(maxGts, cols * rows), selector: (b) => b.tile }).map((list) => {
    const boxes = new Float32Array(list.length * 4);
    list.forEach((b, i) => {
      const bw = Math.max(8, b.fw * tileW);
      const bh = Math.max(8, b.fh * tileH);
      const x0 = (b.tile % cols) * tileW + b.fx * (tileW - bw);
      const y0 = Math.floor(b.tile / cols) * tileH + b.fy * (tileH - bh);
      boxes.set([x0, y0, x0 + bw, y0 + bh], i * 4);
    });
    return { boxes, labels: Int32Array.from(list, (b) => b.label) };
  });
}

function checkShape(result: AssignResult, numGts: number, labels: Int32Array): void {
  const n = result.label.length;
  expect(result.gtIndex.length).toBe(n);
  expect(result.gtLabel.length).toBe(n);
  expect(result.maxOverlap.length).toBe(n);
  expect(result.numGts).toBe(numGts);
  for (let p = 0; p < n; p++) {
    const l = result.label[p];
    expect([1, 0, -1]).toContain(l);
    if (l === 1) {
      expect(result.gtIndex[p]).toBeGreaterThanOrEqual(0);
      expect(result.gtIndex[p]).toBeLessThan(numGts);
      expect(result.gtLabel[p]).toBe(labels[result.gtIndex[p]]);
    } else {
      expect(result.gtIndex[p]).toBe(-1);
      expect(result.gtLabel[p]).toBe(-1);
    }
  }
}

export function assignerContract(adapter: AssignerAdapter): void {
  describe(`assigner contract: ${adapter.name}`, () => {
    const gts = separatedGts(adapter.imageSize);

    it('returns one entry per prior, indices in range, labels in {1, 0, -1}, gtIndex -1 exactly off positives', () => {
      fc.assert(fc.property(gts, ({ boxes, labels }) => checkShape(adapter.run(boxes, labels), labels.length, labels)), { numRuns: 40 });
    });

    it('never changes its inputs and gives the same result for the same inputs', () => {
      fc.assert(
        fc.property(gts, ({ boxes, labels }) => {
          const boxesCopy = boxes.slice();
          const labelsCopy = labels.slice();
          const first = adapter.run(boxes, labels);
          expect(boxes).toEqual(boxesCopy);
          expect(labels).toEqual(labelsCopy);
          expect(adapter.run(boxes, labels)).toEqual(first);
        }),
        { numRuns: 25 },
      );
    });

    it('permuting the ground truths permutes the assigned indices', () => {
      fc.assert(
        fc.property(
          gts.chain(({ boxes, labels }) =>
            fc.tuple(fc.constant({ boxes, labels }), fc.shuffledSubarray([...labels.keys()], { minLength: labels.length, maxLength: labels.length })),
          ),
          ([{ boxes, labels }, order]) => {
            const permutedBoxes = new Float32Array(boxes.length);
            const permutedLabels = new Int32Array(labels.length);
            order.forEach((from, to) => {
              permutedBoxes.set(boxes.subarray(from * 4, from * 4 + 4), to * 4);
              permutedLabels[to] = labels[from];
            });
            const a = adapter.run(boxes, labels);
            const b = adapter.run(permutedBoxes, permutedLabels);
            expect(Array.from(b.label)).toEqual(Array.from(a.label));
            for (let p = 0; p < a.label.length; p++) {
              if (a.label[p] === 1) expect(order[b.gtIndex[p]]).toBe(a.gtIndex[p]);
            }
          },
        ),
        { numRuns: 30 },
      );
    });

    it('makes every prior negative when there are no ground truths', () => {
      const result = adapter.run(new Float32Array(0), new Int32Array(0));
      expect(result.label.length).toBeGreaterThan(0);
      expect(Array.from(new Set(result.label))).toEqual([0]);
      expect(Array.from(new Set(result.gtIndex))).toEqual([-1]);
      checkShape(result, 0, new Int32Array(0));
    });

    it('returns empty arrays when there are no priors', () => {
      const result = adapter.run(new Float32Array([10, 10, 50, 60]), new Int32Array([1]), true);
      expect(result.label.length).toBe(0);
      expect(result.gtIndex.length).toBe(0);
      expect(result.maxOverlap.length).toBe(0);
      expect(result.numGts).toBe(1);
    });
  });
}
