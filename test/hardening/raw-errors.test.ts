/**
 * Issue 10, item 3: raw TypeErrors and RangeErrors from deep inside (a regMax that cannot be
 * allocated, a null or a Symbol reaching arithmetic, a short output buffer, a sparse array).
 * The first block pins each reported instance; the last runs the class: every function exported
 * from the package root, called with valid arguments and then with each argument replaced by a
 * wrong value, returns or throws a LabelAssignError, never anything else.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { LabelAssignError } from '../../src/errors.js';
import { expectLabelAssignError, thrown } from '../helpers/assertions.js';
import { callRoot, rootCalls } from '../helpers/root-calls.js';

describe('reported instances', () => {
  it('boxAreas(null) threw a TypeError; 6 numbers gave one area; an inverted box a positive one', () => {
    expectLabelAssignError(() => api.boxAreas(null as never), /^boxAreas: boxes must be a Float32Array \[x1, y1, x2, y2, \.\.\.\], an array of \[x1, y1, x2, y2\] rows or an ndarray of shape \[n, 4\], but was null$/);
    expectLabelAssignError(() => api.boxAreas(Float32Array.of(0, 0, 1, 1, 2, 2)), /^boxAreas: boxes must be a flat array whose length is a multiple of 4/);
    expectLabelAssignError(() => api.boxAreas(Float32Array.of(5, 5, 0, 0)), /^boxAreas: boxes\[0\]\.x2 must be >= x1 \(5\)/);
    expect(Array.from(api.boxAreas([[0, 0, 4, 5]]))).toEqual([20]);
    expectLabelAssignError(() => api.boxAreas([[0, 0, 4, 5], [0, 0, 1, 1]], new Float32Array(1)), /^boxAreas: out must be a Float32Array of length >= 2/);
  });

  it('boxCentersInto with a short output silently dropped centers', () => {
    expectLabelAssignError(() => api.boxCentersInto(Float32Array.of(0, 0, 2, 2, 0, 0, 4, 4), new Float32Array(2)), /^boxCentersInto: out must be a Float32Array of length >= 4 \(two values per box\), but was a Float32Array of length 2$/);
    expectLabelAssignError(() => api.boxCentersInto([0, 0, 2, 2] as never, new Float32Array(2)), /^boxCentersInto: boxes must be a Float32Array/);
    expect(Array.from(api.boxCentersInto(Float32Array.of(0, 0, 2, 4), new Float32Array(3)))).toEqual([1, 2, 0]);
  });

  it('cellBoxes threw RangeErrors and computed with Symbols ("@throws never")', () => {
    expectLabelAssignError(() => api.cellBoxes(-1, 2, 4, 4), /^cellBoxes: featH must be an integer >= 0, but was -1$/);
    expectLabelAssignError(() => api.cellBoxes(1e5, 1e5, 4, 4), /^cellBoxes: featH must be small enough for at most 2147483647 cell coordinates/);
    expectLabelAssignError(() => api.cellBoxes(Symbol('h') as never, 2, 4, 4), /^cellBoxes: featH must be an integer >= 0, but was a Symbol 'h'$/);
    expectLabelAssignError(() => api.cellBoxes(2, 2, 1e-300, 4), /^cellBoxes: sx must be a number > 0 once rounded to float32/);
  });

  it('priorsOverlappingBox and pointsInBox with a Symbol or BigInt coordinate threw a TypeError', () => {
    const set = api.anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[2, 2]]);
    const points = api.pointGenerator({ strides: [8] }).gridPriors([[2, 2]]);
    expectLabelAssignError(() => api.priorsOverlappingBox(set, Symbol('x') as never, 0, 10, 10, new Int32Array(4)), /^priorsOverlappingBox: x1 must be a number, but was a Symbol 'x'$/);
    expectLabelAssignError(() => api.priorsOverlappingBox(set, 0, 0, 10n as never, 10, new Int32Array(4)), /^priorsOverlappingBox: x2 must be a number, but was 10n$/);
    expectLabelAssignError(() => api.pointsInBox(points, 0, 0n as never, 10, 10, new Int32Array(4)), /^pointsInBox: y1 must be a number, but was 0n$/);
    expectLabelAssignError(() => new api.BoxIndex([[0, 0, 1, 1]]).overlapping(0, 0, 1, Symbol() as never, new Int32Array(1)), /^BoxIndex\.overlapping: y2 must be a number, but was a Symbol$/);
    // NaN and infinities stay allowed, as documented: they match nothing or everything.
    expect(api.priorsOverlappingBox(set, NaN, 0, 10, 10, new Int32Array(4))).toBe(0);
    expect(api.priorsOverlappingBox(set, -Infinity, -Infinity, Infinity, Infinity, new Int32Array(4))).toBe(4);
  });

  it('assignFcos with a sparse regressRanges [,] threw a TypeError; sparse strides and ratios were read short', () => {
    const input = { priors: [[4, 4]], numLevelPriors: [1], gtBoxes: [] };
    // eslint-disable-next-line no-sparse-arrays
    expectLabelAssignError(() => api.assignFcos(input, { strides: [8], regressRanges: [,] as never }), /^assignFcos: regressRanges\[0\] must be a \[lo, hi\] pair of numbers with lo <= hi, but was undefined$/);
    // eslint-disable-next-line no-sparse-arrays
    expectLabelAssignError(() => api.assignFcos(input, { strides: [8, , 32] as never }), /^assignFcos: strides\[1\] must be a number > 0, but was undefined$/);
    // eslint-disable-next-line no-sparse-arrays
    expectLabelAssignError(() => api.anchorGenerator({ strides: [8], ratios: [1, , 2] as never, scales: [4] }), /^anchorGenerator: ratios\[1\] must be a positive number, but was undefined$/);
    // eslint-disable-next-line no-sparse-arrays
    expectLabelAssignError(() => api.anchorGenerator({ strides: [,] as never, ratios: [1], scales: [4] }), /^anchorGenerator: strides\[0\] must be a positive number, but was undefined$/);
    // eslint-disable-next-line no-sparse-arrays
    expectLabelAssignError(() => api.yoloAnchorGenerator({ strides: [8], baseSizes: [[4, , 8]] as never }), /^yoloAnchorGenerator: baseSizes\[0\]\[1\] must be a positive number, but was undefined$/);
    // eslint-disable-next-line no-sparse-arrays
    expectLabelAssignError(() => api.assignGaLocation({ gtBoxes: [], featmapSizes: [[1, 1]] }, { octaveBaseScale: 4, strides: [,] as never }), /^assignGaLocation: strides\[0\] must be a number > 0, but was undefined$/);
  });

  it('the resolvers\' extra arguments threw TypeErrors (names.option is not a function) or were misread (op)', () => {
    expectLabelAssignError(() => api.resolveAtssOptions({}, 5 as never), /^resolveAtssOptions: names must be a function name \(a non-empty string\) or an OptionNames/);
    expectLabelAssignError(() => api.resolveAtssOptions({ topK: 0 }, 'myAssigner' as never), /^myAssigner: topK must be a positive integer, but was 0$/);
    expectLabelAssignError(() => api.resolveDeltaXYWHOptions({}, 'encod' as never), /^resolveDeltaXYWHOptions: op must be 'encode' or 'decode', but was 'encod'$/);
    expectLabelAssignError(() => api.resolveYOLOOptions({ stride: 8 }, -1), /^resolveYOLOOptions: n must be an integer >= 0, but was -1$/);
    expectLabelAssignError(() => api.checkAssignResult('f', 'a', { numGts: 0, label: new Int8Array(0), gtIndex: new Int32Array(0) } as never, null as never), /^checkAssignResult: check must be an object, but was null$/);
  });

  it('the ...Into functions took NaN coordinates and returned NaN (their contract said so; the root checks every argument now)', () => {
    const nan = Float32Array.of(0, 0, NaN, 1);
    const box = Float32Array.of(0, 0, 1, 1);
    expectLabelAssignError(() => api.pairwiseOverlapsInto(nan, box, new Float32Array(1)), /^pairwiseOverlapsInto: boxes1\[0\]\.x2 must be a finite number, but was NaN$/);
    expectLabelAssignError(() => api.alignedOverlapsInto(box, Float32Array.of(1, 1, 0, 0), new Float32Array(1)), /^alignedOverlapsInto: boxes2\[0\]\.x2 must be >= x1 \(1\)/);
    // Inverted boxes stay allowed on request, computed with the reference's signed areas.
    expect(Number.isFinite(api.alignedOverlapsInto(box, Float32Array.of(1, 1, 0, 0), new Float32Array(1), { allowInverted: true })[0])).toBe(true);
    expectLabelAssignError(() => api.boxCentersInto(nan, new Float32Array(2)), /^boxCentersInto: boxes\[0\]\.x2 must be a finite number, but was NaN$/);
  });

  it('an all-pairs matrix beyond 2^31 - 1 values threw a RangeError from the allocation', () => {
    expectLabelAssignError(() => api.iouMatrix(new Float32Array(4 * 50000), new Float32Array(4 * 50000)), /^iouMatrix: boxes2 must be small enough for at most 2147483647 overlaps \(m \* n\)/);
  });

  it('softmaxCrossEntropy and ssdHeadLoss rounded a Symbol or a BigInt with fround (TypeError)', () => {
    expectLabelAssignError(() => api.softmaxCrossEntropy([0, 1], 2, [1], [Symbol() as never]), /^softmaxCrossEntropy: weights\[0\] must be a finite number, but was a Symbol$/);
    expectLabelAssignError(() => api.softmaxCrossEntropy([0, 1n as never], 2, [1]), /^softmaxCrossEntropy: logits\[0\]\[1\] must be a finite number, but was 1n$/);
  });
});

// ---- the class: every function of the package root, each argument replaced by a wrong value ----

const root = api as unknown as Record<string, unknown>;

class Point {
  x = 1;
}

/** Wrong values of every kind: missing, null, other types, other classes, sparse, huge, tiny, NaN. */
// eslint-disable-next-line no-sparse-arrays
const WRONG: readonly unknown[] = [undefined, null, Symbol('s'), 10n, {}, [], [null], [[null, null, null, null]], [,], new Date(0), new Map(), new ArrayBuffer(8), new Point(), 'x', NaN, -1, 1e300, 1e-300, 0, true, () => 1, new Float32Array(3), new Int32Array(2), new BigInt64Array(4), { data: 1, shape: 2, stride: 3, offset: 4 }, { priors: new Float32Array(4), levels: [null] }, Object.freeze({ kind: 'anchors', priors: new Float32Array(4), levels: [], numPriors: 1 })];

function describeWrong(value: unknown): string {
  if (typeof value === 'symbol') return 'a Symbol';
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `[${value.length}]`;
  return typeof value === 'object' && value !== null ? value.constructor.name : String(value);
}

describe('the class: every root export checks its arguments', () => {
  const calls = rootCalls();

  it('the table covers every function the package root exports', () => {
    const functions = Object.keys(root).filter((name) => typeof root[name] === 'function' && name !== 'LabelAssignError');
    expect(functions.filter((name) => !(name in calls))).toEqual([]);
  });

  it.each(Object.keys(calls))('%s: any argument replaced by a wrong value gives a LabelAssignError, never a raw error', (name) => {
    const call = (args: unknown[]): unknown => callRoot(name, args);
    const args = calls[name];
    call(args);
    for (let i = 0; i <= args.length; i++) {
      for (const value of WRONG) {
        const changed = args.slice();
        changed[i] = value;
        try {
          call(changed);
        } catch (error) {
          expect(error, `${name} argument ${i} = ${describeWrong(value)}: ${String(error)}`).toBeInstanceOf(LabelAssignError);
          expect((error as Error).message, 'one printable line').not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        }
      }
    }
  });

  it('a wrong value is named with the argument, under the function called', () => {
    expect(thrown(() => api.validFlags(null as never, [1, 1])).message).toBe('validFlags: set must be a PriorSet from a prior generator (gridPriors), but was null');
  });
});
