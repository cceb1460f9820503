/**
 * ndarrays as inputs: any object with `data`, `shape`, `stride` and `offset` is read by the
 * core's hand-written strided copy exactly as its row-major flat copy, whatever its layout
 * (transposed, flipped by negative strides, broadcast by zero strides, offset into its data);
 * a malformed one is rejected with a message naming the function and the argument's field.
 */
import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { assignMaxIoU } from '../../src/assigners/max-iou.js';
import { decodeDeltaXYWH } from '../../src/geometry/coders/delta-xywh.js';
import { iouMatrix } from '../../src/geometry/overlaps.js';
import { l1Loss } from '../../src/losses/l1.js';
import { readFloat32 } from '../../src/losses/common.js';
import { isNdarray, toFlatFloat32, type NdArrayLike } from '../../src/validate.js';
import { boxesArbitrary } from '../helpers/arbitraries.js';
import { expectErrorCode, expectLabelAssignError } from '../helpers/assertions.js';

/** Element `(i0, ..., ik)` at `offset + sum(i * stride)`, indices in row-major order: the definition, one index at a time. */
function referenceRead(view: { data: ArrayLike<number>; shape: number[]; stride: number[]; offset: number }): number[] {
  const { data, shape, stride, offset } = view;
  const size = shape.reduce((a, b) => a * b, 1);
  const index = shape.map(() => 0);
  const out: number[] = [];
  for (let k = 0; k < size; k++) {
    let p = offset;
    for (let axis = 0; axis < shape.length; axis++) p += index[axis] * stride[axis];
    out.push(data[p]);
    for (let axis = shape.length - 1; axis >= 0 && ++index[axis] === shape[axis]; axis--) index[axis] = 0;
  }
  return out;
}

type Storage = 'float64' | 'float32' | 'int32' | 'array';

function store(values: number[], storage: Storage): ArrayLike<number> {
  if (storage === 'float64') return Float64Array.from(values);
  if (storage === 'float32') return Float32Array.from(values);
  if (storage === 'int32') return Int32Array.from(values, Math.round);
  return values;
}

/** Row-major strides of a contiguous `shape`. */
function contiguous(shape: number[]): number[] {
  const stride = shape.map(() => 1);
  for (let axis = shape.length - 2; axis >= 0; axis--) stride[axis] = stride[axis + 1] * shape[axis + 1];
  return stride;
}

/**
 * A plain-object view of `shape`: contiguous strides, or any integer strides in [-5, 5] (negative,
 * zero, overlapping), with its data laid out so that the view reaches exactly from the start
 * of a random margin to the end of another.
 */
function viewArbitrary(shapeArb: fc.Arbitrary<number[]>): fc.Arbitrary<{ view: NdArrayLike & { data: ArrayLike<number>; shape: number[]; stride: number[] }; storage: Storage }> {
  return shapeArb.chain((shape) =>
    fc
      .record({
        stride: fc.oneof(fc.constant(contiguous(shape)), fc.tuple(...shape.map(() => fc.integer({ min: -5, max: 5 })))),
        before: fc.nat(3),
        after: fc.nat(3),
        storage: fc.constantFrom<Storage>('float64', 'float32', 'int32', 'array'),
        seed: fc.integer(),
      })
      .map(({ stride, before, after, storage, seed }) => {
        let lowest = 0;
        let highest = 0;
        const empty = shape.some((n) => n === 0);
        for (let axis = 0; axis < shape.length && !empty; axis++) {
          const reach = stride[axis] * (shape[axis] - 1);
          if (reach < 0) lowest += reach;
          else highest += reach;
        }
        const offset = before - lowest;
        const length = offset + highest + 1 + after;
        // Distinct, exactly representable values: the index where each value sits is recoverable.
        const values = Array.from({ length }, (_, i) => (i + 1) * (seed % 2 === 0 ? 1 : -1) + 0.5 * (storage === 'int32' ? 0 : 1));
        return { view: { data: store(values, storage), shape, stride, offset }, storage };
      }),
  );
}

const anyShape = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 });

describe('ndarray inputs: any object with data, shape, stride and offset', () => {
  it('reads any shape, strides (negative, zero) and offset as the row-major flat copy', () => {
    fc.assert(
      fc.property(viewArbitrary(anyShape), ({ view }) => {
        expect(Array.from(readFloat32('l1Loss', 'pred', view))).toEqual(Array.from(Float32Array.from(referenceRead(view))));
      }),
    );
  });

  it('reads boxes [n, 4] of any layout as their flat copy, and overlaps them alike', () => {
    const boxShape = fc.integer({ min: 0, max: 5 }).map((n) => [n, 4]);
    fc.assert(
      fc.property(viewArbitrary(boxShape), ({ view }) => {
        const flat = Float32Array.from(referenceRead(view));
        expect(Array.from(toFlatFloat32('iouMatrix', 'boxes1', view, 4))).toEqual(Array.from(flat));
      }),
    );
    fc.assert(
      fc.property(boxesArbitrary({ maxLength: 6 }), fc.boolean(), (flat, flip) => {
        // The same boxes stored column-major, optionally with the rows in reverse order.
        const n = flat.length / 4;
        const columns = new Float64Array(flat.length + 3);
        for (let i = 0; i < n; i++) for (let j = 0; j < 4; j++) columns[3 + j * n + i] = flat[i * 4 + j];
        const view = flip ? { data: columns, shape: [n, 4], stride: [-1, n], offset: 3 + n - 1 } : { data: columns, shape: [n, 4], stride: [1, n], offset: 3 };
        const rows = flip ? Float32Array.from({ length: flat.length }, (_, k) => flat[(n - 1 - (k >> 2)) * 4 + (k & 3)]) : flat;
        expect(Array.from(iouMatrix(view, flat))).toEqual(Array.from(iouMatrix(rows, flat)));
      }),
    );
  });

  it('reads scijs ndarray views (transposed, stepped, sliced) as their values', () => {
    const base = ndarray(new Float64Array(Array.from({ length: 24 }, (_, i) => i)), [2, 3, 4]);
    const views = [base, base.transpose(2, 0, 1), base.step(-1, 1, -2), base.lo(1, 1, 0).hi(1, 2, 4), base.pick(null, 1, null), base.pick(1, 2, 3)];
    for (const v of views) {
      const expected: number[] = [];
      const [a = 1, b = 1, c = 1] = v.shape;
      const at = (...i: number[]): number => v.get(...i.slice(0, v.shape.length));
      for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let k = 0; k < c; k++) expected.push(at(i, j, k));
      expect(Array.from(readFloat32('l1Loss', 'pred', v))).toEqual(expected);
    }
  });

  it('a contiguous Float32Array view is copied, never aliased', () => {
    const data = new Float32Array([9, 9, 0, 0, 10, 10, 0, 0, 5, 5]);
    const out = toFlatFloat32('iouMatrix', 'boxes1', { data, shape: [2, 4], stride: [4, 1], offset: 2 }, 4);
    expect(Array.from(out)).toEqual([0, 0, 10, 10, 0, 0, 5, 5]);
    out[0] = 42;
    expect(data[2]).toBe(0);
  });

  it('reads a scijs generic array through get', () => {
    const values = [0, 0, 10, 10, 0, 0, 5, 5];
    const data = { length: values.length, get: (i: number) => values[i], set: () => undefined };
    expect(Array.from(iouMatrix({ data, shape: [2, 4], stride: [4, 1], offset: 0 }, [[0, 0, 10, 10]]))).toEqual([1, 0.25]);
  });

  it('an empty view reads as empty, whatever its strides and offset', () => {
    expect(toFlatFloat32('iouMatrix', 'boxes1', { data: [], shape: [0, 4], stride: [7, -3], offset: 99 }, 4).length).toBe(0);
    expect(toFlatFloat32('iouMatrix', 'boxes1', { data: [], shape: [0], stride: [1], offset: 0 }, 4).length).toBe(0);
    expect(readFloat32('l1Loss', 'pred', { data: new Float32Array(0), shape: [3, 0, 2], stride: [0, 0, 0], offset: 0 }).length).toBe(0);
  });

  it('is recognised by its four fields, not by its class', () => {
    expect(isNdarray({ data: [], shape: [0], stride: [1], offset: 0 })).toBe(true);
    expect(isNdarray(ndarray(new Float32Array(4), [1, 4]))).toBe(true);
    expect(isNdarray({ data: [], shape: [0], stride: [1] })).toBe(false);
    expect(isNdarray(new Float32Array(4))).toBe(false);
    expect(isNdarray([[0, 0, 1, 1]])).toBe(false);
    expect(isNdarray(null)).toBe(false);
  });
});

describe('malformed ndarray-like inputs name the function and the field', () => {
  const good = (): { data: unknown; shape: unknown; stride: unknown; offset: unknown } => ({ data: new Float32Array([0, 0, 10, 10, 0, 0, 5, 5]), shape: [2, 4], stride: [4, 1], offset: 0 });
  const withField = (key: string, value: unknown): NdArrayLike => ({ ...good(), [key]: value }) as NdArrayLike;
  const cases: [string, NdArrayLike, RegExp][] = [
    ['shape not an array', withField('shape', 5), /^iouMatrix: boxes1\.shape must be an array of non-negative integer dimensions, but was 5$/],
    ['shape null', withField('shape', null), /^iouMatrix: boxes1\.shape must be an array of non-negative integer dimensions, but was null$/],
    ['a negative dimension', withField('shape', [-1, 4]), /^iouMatrix: boxes1\.shape\[0\] must be a non-negative integer, but was -1$/],
    ['a fractional dimension', withField('shape', [1.5, 4]), /^iouMatrix: boxes1\.shape\[0\] must be a non-negative integer, but was 1\.5$/],
    ['a string dimension', withField('shape', ['2', 4]), /^iouMatrix: boxes1\.shape\[0\] must be a non-negative integer, but was '2'$/],
    ['stride not an array', withField('stride', 'row-major'), /^iouMatrix: boxes1\.stride must be an array of 2 integer strides \(one per dimension of shape\), but was 'row-major'$/],
    ['one stride too few', withField('stride', [1]), /^iouMatrix: boxes1\.stride must be an array of 2 integer strides \(one per dimension of shape\), but was an array of length 1$/],
    ['a fractional stride', withField('stride', [4, 0.5]), /^iouMatrix: boxes1\.stride\[1\] must be an integer, but was 0\.5$/],
    ['a NaN stride', withField('stride', [NaN, 1]), /^iouMatrix: boxes1\.stride\[0\] must be an integer, but was NaN$/],
    ['a fractional offset', withField('offset', 0.5), /^iouMatrix: boxes1\.offset must be an integer index into data, but was 0\.5$/],
    ['an undefined offset', withField('offset', undefined), /^iouMatrix: boxes1\.offset must be an integer index into data, but was undefined$/],
    ['data null', withField('data', null), /^iouMatrix: boxes1\.data must be a typed array or an array of numbers, but was null$/],
    ['data a string', withField('data', '0 0 10 10'), /^iouMatrix: boxes1\.data must be a typed array or an array of numbers, but was '0 0 10 10'$/],
    ['data BigInts', withField('data', new BigInt64Array(8)), /^iouMatrix: boxes1\.data must be numbers, not BigInts, but was a BigInt64Array of length 8$/],
    ['data with a string', withField('data', [0, 0, 10, '10', 0, 0, 5, 5]), /^iouMatrix: boxes1\.data\[3\] must be a number, but was '10'$/],
    ['past the end of data', withField('offset', 1), /^iouMatrix: boxes1 must only reach indices inside its data \(0 to 7\), but its offset 1, shape \[2, 4\] and stride \[4, 1\] reach 1 to 8$/],
    ['before the start of data', withField('stride', [-4, 1]), /^iouMatrix: boxes1 must only reach indices inside its data \(0 to 7\), but its offset 0, shape \[2, 4\] and stride \[-4, 1\] reach -4 to 3$/],
    ['more elements than an array holds', { data: new Float32Array(4), shape: [2 ** 30, 4], stride: [0, 1], offset: 0 }, /^iouMatrix: boxes1\.shape must be dimensions whose product is at most 2147483647, but was '\[1073741824, 4\]'$/],
    ['no stride and no offset', { data: new Float32Array(8), shape: [2, 4] } as unknown as NdArrayLike, /^iouMatrix: boxes1 must be an ndarray with data, shape, stride and offset \(it has no stride, offset\), but was an object$/],
  ];
  for (const [what, bad, message] of cases) {
    it(`${what}`, () => expectErrorCode(() => iouMatrix(bad, [[0, 0, 1, 1]]), 'invalid-argument', message));
  }

  it('every reader names its own function and argument', () => {
    const bad = withField('stride', [4, 1.5]);
    const thresholds = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 };
    expectLabelAssignError(() => iouMatrix([[0, 0, 1, 1]], bad), /^iouMatrix: boxes2\.stride\[1\] must be an integer/);
    expectLabelAssignError(() => l1Loss(bad, [[0, 0, 0, 0], [0, 0, 0, 0]]), /^l1Loss: pred\.stride\[1\] must be an integer/);
    expectLabelAssignError(() => l1Loss([[0, 0, 0, 0], [0, 0, 0, 0]], bad), /^l1Loss: target\.stride\[1\] must be an integer/);
    expectLabelAssignError(() => assignMaxIoU({ priors: bad, gtBoxes: [[0, 0, 1, 1]] }, thresholds), /^assignMaxIoU: input\.priors\.stride\[1\] must be an integer/);
    expectLabelAssignError(() => assignMaxIoU({ priors: [[0, 0, 1, 1]], gtBoxes: withField('offset', -1) }, thresholds), /^assignMaxIoU: input\.gtBoxes must only reach indices inside its data/);
    expectLabelAssignError(() => decodeDeltaXYWH([[0, 0, 1, 1]], withField('shape', null)), /^decodeDeltaXYWH: deltas\.shape must be an array of non-negative integer dimensions, but was null$/);
  });
});
