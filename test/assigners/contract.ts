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
 * permutation property is tie-free), sizes from 8 px to most of a tile and distinct per tile,
 * random float corners.
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
      // Distinct sizes per tile: equal areas would tie for a large anchor containing two gts.
      // A margin of 15% of the tile on each side keeps neighbours from sharing a best prior
      // (MaxIoU's low-quality step gives a shared prior to the later gt: order would matter).
      const innerW = 0.7 * tileW;
      const innerH = 0.7 * tileH;
      const bw = 8 + b.tile * 1.37 + b.fw * (innerW - 16);
      const bh = 8 + b.tile * 0.71 + b.fh * (innerH - 16);
      const x0 = (b.tile % cols) * tileW + 0.15 * tileW + b.fx * (innerW - bw);
      const y0 = Math.floor(b.tile / cols) * tileH + 0.15 * tileH + b.fy * (innerH - bh);
      boxes.set([x0, y0, x0 + bw, y0 + bh], i * 4);
    });
    return { boxes, labels: Int32Array.from(list, (b) => b.label) };
  });
}

/** The first way `result` breaks the contract, or null. Plain loops: thousands of priors per run. */
function contractViolation(result: AssignResult, numGts: number, labels: Int32Array): string | null {
  const n = result.label.length;
  if (result.gtIndex.length !== n || result.gtLabel.length !== n || result.maxOverlap.length !== n) {
    return `lengths differ: label ${n}, gtIndex ${result.gtIndex.length}, gtLabel ${result.gtLabel.length}, maxOverlap ${result.maxOverlap.length}`;
  }
  if (result.numGts !== numGts) return `numGts ${result.numGts}, expected ${numGts}`;
  for (let p = 0; p < n; p++) {
    const l = result.label[p];
    const g = result.gtIndex[p];
    if (l !== 1 && l !== 0 && l !== -1) return `prior ${p}: label ${l} is not in {1, 0, -1}`;
    if (l === 1) {
      if (!(g >= 0 && g < numGts)) return `prior ${p}: positive with gtIndex ${g} outside [0, ${numGts})`;
      if (result.gtLabel[p] !== labels[g]) return `prior ${p}: gtLabel ${result.gtLabel[p]} but gt ${g} has label ${labels[g]}`;
    } else if (g !== -1 || result.gtLabel[p] !== -1) {
      return `prior ${p}: label ${l} with gtIndex ${g} and gtLabel ${result.gtLabel[p]} (both must be -1)`;
    }
    if (Number.isNaN(result.maxOverlap[p])) return `prior ${p}: maxOverlap is NaN`;
  }
  return null;
}

function checkShape(result: AssignResult, numGts: number, labels: Int32Array): void {
  expect(contractViolation(result, numGts, labels)).toBeNull();
}

function sameResult(a: AssignResult, b: AssignResult): boolean {
  const keys = Object.keys(a) as (keyof AssignResult)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const x = a[k] as unknown;
    const y = b[k] as unknown;
    if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
      const xa = x as unknown as ArrayLike<number>;
      const ya = y as unknown as ArrayLike<number>;
      if (xa.length !== ya.length) return false;
      for (let i = 0; i < xa.length; i++) if (!Object.is(xa[i], ya[i])) return false;
      return true;
    }
    return Object.is(x, y);
  });
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
          expect(Array.from(boxes)).toEqual(Array.from(boxesCopy));
          expect(Array.from(labels)).toEqual(Array.from(labelsCopy));
          expect(sameResult(adapter.run(boxes, labels), first)).toBe(true);
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
            let broken: string | null = null;
            for (let p = 0; p < a.label.length && broken === null; p++) {
              if (a.label[p] !== b.label[p]) broken = `prior ${p}: label ${a.label[p]} became ${b.label[p]}`;
              else if (a.label[p] === 1 && order[b.gtIndex[p]] !== a.gtIndex[p]) broken = `prior ${p}: gt ${a.gtIndex[p]} became ${order[b.gtIndex[p]]}`;
            }
            expect(broken).toBeNull();
          },
        ),
        { numRuns: 30 },
      );
    });

    it('makes every prior negative when there are no ground truths', () => {
      const result = adapter.run(new Float32Array(0), new Int32Array(0));
      expect(result.label.length).toBeGreaterThan(0);
      expect(result.label.every((l) => l === 0)).toBe(true);
      expect(result.gtIndex.every((g) => g === -1)).toBe(true);
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
