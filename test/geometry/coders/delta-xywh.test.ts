import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { decodeDeltaXYWH, encodeDeltaXYWH, resolveDeltaXYWHOptions } from '../../../src/geometry/coders/delta-xywh.js';
import { cornerSizeFields, doubleIn, fourOf } from '../../helpers/arbitraries.js';
import { expectClose, thrown } from '../../helpers/assertions.js';

const f = Math.fround;

/** A prior with positive size and a target whose size is within a factor 20 of it (|dw| <= log 20 < log(1000/16)). */
const pairArb = fc
  .record({
    ...cornerSizeFields,
    ox: doubleIn(-2, 2),
    oy: doubleIn(-2, 2),
    sw: doubleIn(0.05, 20),
    sh: doubleIn(0.05, 20),
  })
  .map(({ x, y, w, h, ox, oy, sw, sh }) => {
    const prior = [x, y, x + w, y + h].map(f);
    const cx = x + w / 2 + ox * w;
    const cy = y + h / 2 + oy * h;
    const target = [cx - (sw * w) / 2, cy - (sh * h) / 2, cx + (sw * w) / 2, cy + (sh * h) / 2].map(f);
    return { prior, target };
  });

const stdsArb = fourOf(doubleIn(0.05, 2));
const meansArb = fourOf(doubleIn(-1, 1));

describe('encodeDeltaXYWH / decodeDeltaXYWH golden cases (checked by hand)', () => {
  it('shift by a tenth of the size, same size', () => {
    expectClose(encodeDeltaXYWH([0, 0, 10, 10], [1, 1, 11, 11]), [0.1, 0.1, 0, 0]);
    expectClose(decodeDeltaXYWH([0, 0, 10, 10], [0.1, 0.1, 0, 0]), [1, 1, 11, 11]);
  });

  it('R-CNN stds: dx = 0.5 / 0.1, dh = log 2 / 0.2', () => {
    const stds = [0.1, 0.1, 0.2, 0.2];
    // prior center (5, 10), size (10, 20); target center (10, 20), size (10, 40)
    const d = encodeDeltaXYWH([0, 0, 10, 20], [5, 0, 15, 40], { targetStds: stds });
    expectClose(d, [5, 5, 0, Math.log(2) / 0.2]);
    expectClose(decodeDeltaXYWH([0, 0, 10, 20], d, { targetStds: stds }), [5, 0, 15, 40]);
  });

  it('means are subtracted before dividing by stds', () => {
    expectClose(encodeDeltaXYWH([0, 0, 10, 10], [1, 1, 11, 11], { targetMeans: [0.1, 0, 0, 1], targetStds: [1, 1, 1, 2] }), [0, 0.1, 0, -0.5]);
  });

  it('clips to maxShape [h, w]: x to [0, w], y to [0, h]', () => {
    // size 10 * e = 27.18 around center 5: [-8.59, 18.59] -> [0, 12] in x, [0, 8] in y
    expectClose(decodeDeltaXYWH([0, 0, 10, 10], [0, 0, 1, 1], { maxShape: [8, 12] }), [0, 0, 12, 8]);
    // clipBorder false ignores maxShape
    const half = (10 * Math.E) / 2;
    expectClose(decodeDeltaXYWH([0, 0, 10, 10], [0, 0, 1, 1], { maxShape: [8, 12], clipBorder: false }), [5 - half, 5 - half, 5 + half, 5 + half]);
  });

  it('clamps dw, dh to ±|log(whRatioClip)|', () => {
    // |log(0.016)| = log(62.5): width 625
    expectClose(decodeDeltaXYWH([0, 0, 10, 10], [0, 0, 10, -10]), [5 - 312.5, 5 - 0.08, 5 + 312.5, 5 + 0.08]);
    // whRatioClip 0.1: width at most 100
    expectClose(decodeDeltaXYWH([0, 0, 10, 10], [0, 0, 10, 0], { whRatioClip: 0.1 }), [-45, 0, 55, 10]);
  });

  it('addCtrClamp: center shift clamped to ±ctrClamp, dw/dh only from above', () => {
    const out = decodeDeltaXYWH([0, 0, 10, 10], [10, -10, 10, -10], { addCtrClamp: true, ctrClamp: 8 });
    const hh = (10 * Math.exp(-10)) / 2;
    expectClose(out, [13 - 312.5, -3 - hh, 13 + 312.5, -3 + hh]);
  });

  it('identical boxes encode to zeros; a zero-width target gives -Infinity for dw', () => {
    expect(Array.from(encodeDeltaXYWH([3, 4, 50, 60], [3, 4, 50, 60]))).toEqual([0, 0, 0, 0]);
    const d = encodeDeltaXYWH([40, 0, 180, 70], [10, 10, 10, 20]);
    expect(d[2]).toBe(-Infinity);
    expect(Number.isFinite(d[3])).toBe(true);
  });

  it('decodes class-specific [n * 4k] deltas, each group against the same prior', () => {
    const priors = [0, 0, 10, 10, 20, 20, 40, 60];
    const deltas = [0.1, 0.1, 0, 0, 0, 0, 0.5, -0.5, -0.2, 0.3, 0.1, 0, 0, 0, 0, 0];
    const rows = [deltas.slice(0, 8), deltas.slice(8)];
    const flat = decodeDeltaXYWH(priors, deltas, { maxShape: [50, 50] });
    expect(Array.from(decodeDeltaXYWH(priors, rows, { maxShape: [50, 50] }))).toEqual(Array.from(flat));
    expect(Array.from(decodeDeltaXYWH(priors, ndarray(new Float32Array(deltas), [2, 8]), { maxShape: [50, 50] }))).toEqual(Array.from(flat));
    for (let i = 0; i < 2; i++) {
      for (let g = 0; g < 2; g++) {
        const one = decodeDeltaXYWH(priors.slice(4 * i, 4 * i + 4), deltas.slice(8 * i + 4 * g, 8 * i + 4 * g + 4), { maxShape: [50, 50] });
        expect(Array.from(flat.subarray(8 * i + 4 * g, 8 * i + 4 * g + 4))).toEqual(Array.from(one));
      }
    }
  });

  it('empty input gives empty output', () => {
    expect(encodeDeltaXYWH([], []).length).toBe(0);
    expect(decodeDeltaXYWH(new Float32Array(0), new Float32Array(0), { maxShape: [10, 10] }).length).toBe(0);
  });

  it('accepts rows and ndarrays, writes into out, never mutates inputs', () => {
    const priors = new Float32Array([0, 0, 10, 10, 5, 5, 25, 45]);
    const targets = new Float32Array([1, 1, 11, 11, 0, 0, 30, 30]);
    const copyP = priors.slice();
    const copyT = targets.slice();
    const flat = encodeDeltaXYWH(priors, targets);
    expect(priors).toEqual(copyP);
    expect(targets).toEqual(copyT);
    expect(encodeDeltaXYWH([[0, 0, 10, 10], [5, 5, 25, 45]], [[1, 1, 11, 11], [0, 0, 30, 30]])).toEqual(flat);
    expect(encodeDeltaXYWH(ndarray(priors, [2, 4]), ndarray(targets, [2, 4]))).toEqual(flat);
    const out = new Float32Array(8);
    expect(encodeDeltaXYWH(priors, targets, {}, out)).toBe(out);
    expect(out).toEqual(flat);
    // in place over the deltas
    const d = flat.slice();
    expect(decodeDeltaXYWH(priors, d, {}, d)).toBe(d);
    expectClose(d, targets, 1e-5);
  });
});

describe('encodeDeltaXYWH / decodeDeltaXYWH properties', () => {
  it('decode(encode(b)) equals b (no clipping, |dw| within the ratio clip)', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 8 }), meansArb, stdsArb, (pairs, targetMeans, targetStds) => {
        const priors = pairs.flatMap((p) => p.prior);
        const targets = pairs.flatMap((p) => p.target);
        const options = { targetMeans, targetStds };
        const decoded = decodeDeltaXYWH(priors, encodeDeltaXYWH(priors, targets, options), options);
        pairs.forEach(({ prior, target }, i) => {
          const scale = Math.max(1, ...prior.map(Math.abs), ...target.map(Math.abs));
          for (let k = 0; k < 4; k++) expect(Math.abs(decoded[4 * i + k] - target[k])).toBeLessThanOrEqual(1e-4 * scale);
        });
      }),
    );
  });

  it('identical boxes encode to zeros (default means)', () => {
    fc.assert(
      fc.property(pairArb, stdsArb, ({ prior }, targetStds) => {
        expect(Array.from(encodeDeltaXYWH(prior, prior, { targetStds }))).toEqual([0, 0, 0, 0]);
      }),
    );
  });

  it('decoded boxes with clipping stay inside [0, w] x [0, h]', () => {
    fc.assert(
      fc.property(
        pairArb,
        fc.array(doubleIn(-10, 10), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        ({ prior }, deltas, h, w) => {
          const out = decodeDeltaXYWH(prior, deltas, { maxShape: [h, w] });
          for (const k of [0, 2]) expect(out[k] >= 0 && out[k] <= w).toBe(true);
          for (const k of [1, 3]) expect(out[k] >= 0 && out[k] <= h).toBe(true);
        },
      ),
    );
  });
});

describe('encodeDeltaXYWH / decodeDeltaXYWH errors name the argument', () => {
  const p = [0, 0, 10, 10];
  it('lengths not a multiple of 4', () => {
    expect(thrown(() => encodeDeltaXYWH([0, 0, 10], p)).message).toMatch(/^encodeDeltaXYWH: priors must be .*multiple of 4/);
    expect(thrown(() => encodeDeltaXYWH(p, [0, 0, 10, 10, 1])).message).toMatch(/^encodeDeltaXYWH: targets must be/);
    expect(thrown(() => decodeDeltaXYWH(p, [0, 0, 1])).message).toMatch(/^decodeDeltaXYWH: deltas must be/);
    expect(thrown(() => decodeDeltaXYWH(p, [[0, 0, 1, 1, 1]])).path).toBe('deltas');
  });

  it('mismatched lengths name both arguments', () => {
    const e = thrown(() => encodeDeltaXYWH([...p, ...p], p));
    expect(e.path).toBe('targets');
    expect(e.message).toContain('targets');
    expect(e.message).toContain('priors');
    const e2 = thrown(() => decodeDeltaXYWH([...p, ...p], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(e2.message).toContain('deltas');
    expect(e2.message).toContain('priors');
    expect(thrown(() => decodeDeltaXYWH([], [0, 0, 0, 0])).message).toContain('priors');
    expect(thrown(() => decodeDeltaXYWH(p, [])).message).toContain('deltas');
  });

  it('NaN and Infinity', () => {
    expect(thrown(() => encodeDeltaXYWH([0, NaN, 10, 10], p)).message).toBe('encodeDeltaXYWH: priors[0].y1 must be a finite number, but was NaN');
    expect(thrown(() => encodeDeltaXYWH(p, [0, 0, Infinity, 10])).path).toBe('targets[0].x2');
    expect(thrown(() => decodeDeltaXYWH(p, [0, NaN, 0, 0])).message).toBe('decodeDeltaXYWH: deltas[0][1] must be a finite number, but was NaN');
    expect(thrown(() => decodeDeltaXYWH(p, [[0, 0, 0, 0, 0, 0, -Infinity, 0]])).path).toBe('deltas[0][6]');
  });

  it('x2 < x1, y2 < y1 and zero-size priors', () => {
    expect(thrown(() => encodeDeltaXYWH(p, [10, 0, 0, 10])).path).toBe('targets[0].x2');
    expect(thrown(() => decodeDeltaXYWH([0, 10, 10, 0], [0, 0, 0, 0])).path).toBe('priors[0].y2');
    const e = thrown(() => encodeDeltaXYWH([0, 0, 10, 10, 5, 5, 5, 9], [...p, ...p]));
    expect(e.path).toBe('priors[1]');
    expect(e.message).toContain('encodeDeltaXYWH: priors[1] must have a positive width and height');
    // decoding against a zero-size prior is fine
    expect(Array.from(decodeDeltaXYWH([5, 5, 5, 5], [0.7, -1.9, -0.5, 0.3]))).toEqual([5, 5, 5, 5]);
  });

  it('zero or negative stds, bad means', () => {
    expect(thrown(() => encodeDeltaXYWH(p, p, { targetStds: [1, 1, 0, 1] })).message).toBe(
      'encodeDeltaXYWH: options.targetStds[2] must be a positive number, but was 0',
    );
    expect(thrown(() => decodeDeltaXYWH(p, p, { targetStds: [1, -0.1, 1, 1] })).path).toBe('options.targetStds[1]');
    expect(thrown(() => encodeDeltaXYWH(p, p, { targetStds: [1, 1, 1] })).path).toBe('options.targetStds');
    expect(thrown(() => encodeDeltaXYWH(p, p, { targetMeans: [0, NaN, 0, 0] })).path).toBe('options.targetMeans[1]');
  });

  it('other bad option values', () => {
    expect(thrown(() => decodeDeltaXYWH(p, p, { whRatioClip: 0 })).path).toBe('options.whRatioClip');
    expect(thrown(() => decodeDeltaXYWH(p, p, { ctrClamp: -1 })).path).toBe('options.ctrClamp');
    expect(thrown(() => decodeDeltaXYWH(p, p, { maxShape: [10] })).path).toBe('options.maxShape');
    expect(thrown(() => decodeDeltaXYWH(p, p, { maxShape: [10, 0] })).path).toBe('options.maxShape[1]');
    expect(thrown(() => decodeDeltaXYWH(p, p, { clipBorder: 1 as unknown as boolean })).path).toBe('options.clipBorder');
    expect(thrown(() => decodeDeltaXYWH(p, p, {}, new Float32Array(3))).path).toBe('out');
  });

  it('unknown options', () => {
    const e = thrown(() => encodeDeltaXYWH(p, p, { targetStd: [1, 1, 1, 1] } as never));
    expect(e.code).toBe('invalid-config');
    expect(e.message).toContain("unknown option 'targetStd'");
    expect(e.message).toContain("did you mean 'targetStds'");
    // maxShape belongs to decode
    expect(thrown(() => encodeDeltaXYWH(p, p, { maxShape: [10, 10] } as never)).message).toContain("'maxShape'");
    expect(thrown(() => resolveDeltaXYWHOptions({ max_shape: [1, 1] } as never, 'decode')).path).toBe('options.max_shape');
  });
});
