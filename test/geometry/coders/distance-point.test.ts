import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDistancePoint, encodeDistancePoint } from '../../../src/geometry/coders/distance-point.js';
import { cornerSizeFields, doubleIn } from '../../helpers/arbitraries.js';
import { expectClose, thrown } from '../../helpers/assertions.js';

const f = Math.fround;

/** A target box with positive size and a point inside it. */
const pairArb = fc
  .record({
    ...cornerSizeFields,
    u: doubleIn(0, 1),
    v: doubleIn(0, 1),
  })
  .map(({ x, y, w, h, u, v }) => {
    const target = [x, y, x + w, y + h].map(f);
    const point = [target[0] + u * (target[2] - target[0]), target[1] + v * (target[3] - target[1])].map(f);
    return { point, target };
  });

describe('encodeDistancePoint / decodeDistancePoint golden cases (checked by hand)', () => {
  it('distances to the four sides and back', () => {
    expect(Array.from(encodeDistancePoint([5, 5], [0, 2, 10, 12]))).toEqual([5, 3, 5, 7]);
    expect(Array.from(decodeDistancePoint([5, 5], [5, 3, 5, 7]))).toEqual([0, 2, 10, 12]);
  });

  it('a point outside its box gives negative distances without maxDis', () => {
    expect(Array.from(encodeDistancePoint([0, 0], [2, -3, 30, 4]))).toEqual([-2, 3, 30, 4]);
  });

  it('maxDis clamps to [0, maxDis - eps]', () => {
    expectClose(encodeDistancePoint([0, 0], [2, -3, 30, 4], { maxDis: 16 }), [0, 3, 15.9, 4]);
    expectClose(encodeDistancePoint([0, 0], [2, -3, 30, 4], { maxDis: 16, eps: 0.01 }), [0, 3, 15.99, 4]);
  });

  it('clips to maxShape [h, w] unless clipBorder is false', () => {
    expect(Array.from(decodeDistancePoint([5, 5], [6, 3, 5, 7], { maxShape: [10, 8] }))).toEqual([0, 2, 8, 10]);
    expect(Array.from(decodeDistancePoint([5, 5], [6, 3, 5, 7], { maxShape: [10, 8], clipBorder: false }))).toEqual([-1, 2, 10, 12]);
  });

  it('empty input, rows, out buffers, no mutation', () => {
    expect(encodeDistancePoint([], []).length).toBe(0);
    expect(decodeDistancePoint(new Float32Array(0), new Float32Array(0)).length).toBe(0);
    const points = new Float32Array([5, 5, 1, 2]);
    const targets = new Float32Array([0, 2, 10, 12, 0, 0, 4, 4]);
    const copy = targets.slice();
    const flat = encodeDistancePoint(points, targets);
    expect(targets).toEqual(copy);
    expect(encodeDistancePoint([[5, 5], [1, 2]], [[0, 2, 10, 12], [0, 0, 4, 4]])).toEqual(flat);
    const out = new Float32Array(8);
    expect(encodeDistancePoint(points, targets, {}, out)).toBe(out);
    expect(decodeDistancePoint(points, out, {}, out)).toEqual(targets);
  });
});

describe('encodeDistancePoint / decodeDistancePoint properties', () => {
  it('decode(encode(b)) equals b for points inside their targets (no maxDis)', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 8 }), (pairs) => {
        const points = pairs.flatMap((p) => p.point);
        const targets = pairs.flatMap((p) => p.target);
        const distances = encodeDistancePoint(points, targets);
        for (const d of distances) expect(d).toBeGreaterThanOrEqual(0);
        const decoded = decodeDistancePoint(points, distances);
        pairs.forEach(({ target }, i) => {
          const scale = Math.max(1, ...target.map(Math.abs));
          for (let k = 0; k < 4; k++) expect(Math.abs(decoded[4 * i + k] - target[k])).toBeLessThanOrEqual(1e-4 * scale);
        });
      }),
    );
  });

  it('with maxDis every distance lies in [0, maxDis - eps]', () => {
    fc.assert(
      fc.property(pairArb, doubleIn(1, 64), ({ point, target }, maxDis) => {
        for (const d of encodeDistancePoint(point, target, { maxDis })) {
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(f(maxDis - 0.1));
        }
      }),
    );
  });
});

describe('encodeDistancePoint / decodeDistancePoint errors name the argument', () => {
  it('lengths not a multiple of 2 / 4', () => {
    expect(thrown(() => encodeDistancePoint([5, 5, 5], [0, 0, 10, 10])).message).toMatch(/^encodeDistancePoint: points must be .*multiple of 2/);
    expect(thrown(() => encodeDistancePoint([5, 5], [0, 0, 10])).message).toMatch(/^encodeDistancePoint: targets must be .*multiple of 4/);
    expect(thrown(() => decodeDistancePoint([5, 5], [0, 0, 10, 10, 1])).path).toBe('distances');
  });

  it('mismatched lengths name both arguments', () => {
    const e = thrown(() => encodeDistancePoint([5, 5, 6, 6], [0, 0, 10, 10]));
    expect(e.message).toContain('targets');
    expect(e.message).toContain('points');
    const e2 = thrown(() => decodeDistancePoint([5, 5], [0, 0, 1, 1, 0, 0, 1, 1]));
    expect(e2.message).toContain('distances');
    expect(e2.message).toContain('points');
  });

  it('NaN, Infinity and x2 < x1', () => {
    expect(thrown(() => encodeDistancePoint([5, NaN], [0, 0, 10, 10])).message).toBe('encodeDistancePoint: points[0][1] must be a finite number, but was NaN');
    expect(thrown(() => encodeDistancePoint([5, 5], [0, -Infinity, 10, 10])).path).toBe('targets[0].y1');
    expect(thrown(() => decodeDistancePoint([5, 5], [0, 0, Infinity, 1])).path).toBe('distances[0][2]');
    expect(thrown(() => encodeDistancePoint([5, 5], [10, 0, 0, 10])).path).toBe('targets[0].x2');
  });

  it('bad maxDis / eps / maxShape', () => {
    expect(thrown(() => encodeDistancePoint([5, 5], [0, 0, 10, 10], { maxDis: -1 })).message).toBe(
      'encodeDistancePoint: options.maxDis must be a number > 0, but was -1',
    );
    expect(thrown(() => encodeDistancePoint([5, 5], [0, 0, 10, 10], { maxDis: 16, eps: 16 })).path).toBe('options.eps');
    expect(thrown(() => encodeDistancePoint([5, 5], [0, 0, 10, 10], { eps: -0.1 })).path).toBe('options.eps');
    expect(thrown(() => decodeDistancePoint([5, 5], [0, 0, 10, 10], { maxShape: [NaN, 4] })).path).toBe('options.maxShape[0]');
  });

  it('unknown options', () => {
    const e = thrown(() => encodeDistancePoint([5, 5], [0, 0, 10, 10], { maxDist: 16 } as never));
    expect(e.code).toBe('invalid-config');
    expect(e.message).toContain("unknown option 'maxDist'");
    expect(e.message).toContain("did you mean 'maxDis'");
    expect(thrown(() => decodeDistancePoint([5, 5], [0, 0, 10, 10], { maxDis: 16 } as never)).message).toContain("'maxDis'");
  });
});
