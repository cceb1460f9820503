import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTBLR, encodeTBLR } from '../../../src/geometry/coders/tblr.js';
import { cornerSizeFields, doubleIn, fourOf } from '../../helpers/arbitraries.js';
import { expectClose, thrown } from '../../helpers/assertions.js';

const f = Math.fround;

const pairArb = fc
  .record({
    ...cornerSizeFields,
    tx: doubleIn(-600, 600),
    ty: doubleIn(-600, 600),
    tw: doubleIn(1, 300),
    th: doubleIn(1, 300),
  })
  .map(({ x, y, w, h, tx, ty, tw, th }) => ({ prior: [x, y, x + w, y + h].map(f), target: [tx, ty, tx + tw, ty + th].map(f) }));

const normalizerArb = fc.oneof(
  doubleIn(0.5, 8),
  fourOf(doubleIn(0.5, 8)),
);

describe('encodeTBLR / decodeTBLR golden cases (checked by hand)', () => {
  it('(top, bottom, left, right) order, normalised by prior h (tb) and w (lr)', () => {
    // prior center (5, 10), w 10, h 20; target [1, 2, 7, 16]: top 8/20, bottom 6/20, left 4/10, right 2/10
    expectClose(encodeTBLR([0, 0, 10, 20], [1, 2, 7, 16], { normalizer: 1 }), [0.4, 0.3, 0.4, 0.2]);
    expectClose(decodeTBLR([0, 0, 10, 20], [0.4, 0.3, 0.4, 0.2], { normalizer: 1 }), [1, 2, 7, 16]);
  });

  it('default normaliser 4 and a per-side normaliser', () => {
    expectClose(encodeTBLR([0, 0, 8, 4], [2, 1, 6, 3]), [0.0625, 0.0625, 0.0625, 0.0625]);
    expectClose(encodeTBLR([0, 0, 8, 4], [2, 1, 6, 3], { normalizer: [4, 4, 2, 2] }), [0.0625, 0.0625, 0.125, 0.125]);
    expectClose(decodeTBLR([0, 0, 8, 4], [0.0625, 0.0625, 0.125, 0.125], { normalizer: [4, 4, 2, 2] }), [2, 1, 6, 3]);
  });

  it('clips to maxShape [h, w] unless clipBorder is false', () => {
    // center (4, 2), w 8, h 4; with normaliser 1: top 4*1 = 4, bottom 4*2 = 8, left 8*1 = 8, right 8*2 = 16
    expectClose(decodeTBLR([0, 0, 8, 4], [1, 2, 1, 2], { normalizer: 1, maxShape: [5, 12] }), [0, 0, 12, 5]);
    expectClose(decodeTBLR([0, 0, 8, 4], [1, 2, 1, 2], { normalizer: 1, maxShape: [5, 12], clipBorder: false }), [-4, -2, 20, 10]);
  });

  it('empty input, out buffers, no mutation', () => {
    expect(encodeTBLR([], []).length).toBe(0);
    expect(decodeTBLR([], [], { maxShape: [4, 4] }).length).toBe(0);
    const priors = new Float32Array([0, 0, 8, 4]);
    const targets = new Float32Array([2, 1, 6, 3]);
    const out = new Float32Array(4);
    expect(encodeTBLR(priors, targets, {}, out)).toBe(out);
    expect(Array.from(priors)).toEqual([0, 0, 8, 4]);
    expect(Array.from(targets)).toEqual([2, 1, 6, 3]);
    expect(decodeTBLR(priors, out, {}, out)).toEqual(targets);
  });
});

describe('encodeTBLR / decodeTBLR properties', () => {
  it('decode(encode(b)) equals b', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 8 }), normalizerArb, (pairs, normalizer) => {
        const priors = pairs.flatMap((p) => p.prior);
        const targets = pairs.flatMap((p) => p.target);
        const decoded = decodeTBLR(priors, encodeTBLR(priors, targets, { normalizer }), { normalizer });
        pairs.forEach(({ prior, target }, i) => {
          const scale = Math.max(1, ...prior.map(Math.abs), ...target.map(Math.abs));
          for (let k = 0; k < 4; k++) expect(Math.abs(decoded[4 * i + k] - target[k])).toBeLessThanOrEqual(1e-4 * scale);
        });
      }),
    );
  });

  it('a target equal to its prior encodes to 0.5 / normaliser on every side', () => {
    fc.assert(
      fc.property(pairArb, ({ prior }) => {
        // float32 rounds the center (x1 + x2) / 2 to ~|x| * 2^-24; relative to the box size that
        // is |x| / w * 2^-24 (up to ~5e-5 for a 1-wide box at |x| = 500).
        const w = prior[2] - prior[0];
        const h = prior[3] - prior[1];
        const ratio = Math.max(1, Math.abs(prior[0]) / w, Math.abs(prior[2]) / w, Math.abs(prior[1]) / h, Math.abs(prior[3]) / h);
        expectClose(encodeTBLR(prior, prior, { normalizer: 1 }), [0.5, 0.5, 0.5, 0.5], 4 * ratio * 2 ** -24 + 1e-6);
      }),
    );
  });
});

describe('encodeTBLR / decodeTBLR errors name the argument', () => {
  const p = [0, 0, 8, 4];
  it('lengths not a multiple of 4 and mismatched lengths', () => {
    expect(thrown(() => encodeTBLR([0, 0, 8], p)).message).toMatch(/^encodeTBLR: priors must be .*multiple of 4/);
    expect(thrown(() => decodeTBLR(p, [1, 1, 1])).path).toBe('encodings');
    const e = thrown(() => encodeTBLR([...p, ...p], p));
    expect(e.message).toContain('targets');
    expect(e.message).toContain('priors');
    const e2 = thrown(() => decodeTBLR(p, [...p, ...p]));
    expect(e2.message).toContain('encodings');
    expect(e2.message).toContain('priors');
  });

  it('NaN, Infinity, x2 < x1 and zero-size priors', () => {
    expect(thrown(() => encodeTBLR(p, [NaN, 0, 1, 1])).path).toBe('targets[0].x1');
    expect(thrown(() => decodeTBLR(p, [0, 0, 0, Infinity])).message).toBe('decodeTBLR: encodings[0][3] must be a finite number, but was Infinity');
    expect(thrown(() => encodeTBLR([8, 0, 0, 4], p)).path).toBe('priors[0].x2');
    expect(thrown(() => encodeTBLR([0, 4, 8, 4], p)).message).toContain('encodeTBLR: priors[0] must have a positive width and height');
  });

  it('normaliser of the wrong length or not positive', () => {
    expect(thrown(() => encodeTBLR(p, p, { normalizer: [4, 4, 2] })).message).toBe(
      'encodeTBLR: options.normalizer must be a positive number or 4 positive numbers [top, bottom, left, right], but was an array of length 3',
    );
    expect(thrown(() => decodeTBLR(p, p, { normalizer: 0 })).path).toBe('options.normalizer');
    expect(thrown(() => decodeTBLR(p, p, { normalizer: [4, -1, 2, 2] })).message).toBe('decodeTBLR: options.normalizer[1] must be a positive number, but was -1');
  });

  it('unknown options', () => {
    const e = thrown(() => encodeTBLR(p, p, { normaliser: 4 } as never));
    expect(e.code).toBe('invalid-config');
    expect(e.message).toContain("unknown option 'normaliser'");
    expect(e.message).toContain("did you mean 'normalizer'");
    expect(thrown(() => encodeTBLR(p, p, { maxShape: [4, 4] } as never)).message).toContain("'maxShape'");
  });
});
