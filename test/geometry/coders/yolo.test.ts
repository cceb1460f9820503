import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeYOLO, encodeYOLO } from '../../../src/geometry/coders/yolo.js';
import { cornerSizeFields, doubleIn } from '../../helpers/arbitraries.js';
import { expectClose, thrown } from '../../helpers/assertions.js';

const f = Math.fround;

/** An anchor, a stride, and a target whose center lies within half a stride of the anchor's (no clamping). */
const caseArb = fc
  .record({
    ...cornerSizeFields,
    stride: fc.constantFrom(8, 16, 32, 64),
    u: doubleIn(-0.49, 0.49),
    v: doubleIn(-0.49, 0.49),
    sw: doubleIn(0.01, 50),
    sh: doubleIn(0.01, 50),
  })
  .map(({ x, y, w, h, stride, u, v, sw, sh }) => {
    const anchor = [x, y, x + w, y + h].map(f);
    const cx = (anchor[0] + anchor[2]) / 2 + u * stride;
    const cy = (anchor[1] + anchor[3]) / 2 + v * stride;
    const tw = sw * w;
    const th = sh * h;
    return { anchor, stride, target: [cx - tw / 2, cy - th / 2, cx + tw / 2, cy + th / 2].map(f) };
  });

describe('encodeYOLO / decodeYOLO golden cases (checked by hand)', () => {
  it('cell position and log size ratio, and back', () => {
    // anchor center (16, 16), size 32; target center (24, 20), size 32: x = 8/32 + 0.5, y = 4/32 + 0.5
    expectClose(encodeYOLO([0, 0, 32, 32], [8, 4, 40, 36], { stride: 32 }), [0.75, 0.625, 0, 0]);
    expectClose(decodeYOLO([0, 0, 32, 32], [0.75, 0.625, 0, 0], { stride: 32 }), [8, 4, 40, 36]);
    // target twice as wide, half as high
    expectClose(encodeYOLO([0, 0, 32, 32], [-16, 8, 48, 24], { stride: 16 }), [0.5, 0.5, Math.log(2), Math.log(0.5)]);
  });

  it('clamps x, y to [eps, 1 - eps] and the size ratio below at eps', () => {
    const out = encodeYOLO([0, 0, 32, 32], [100, -100, 100, -90], { stride: 32, eps: 1e-3 });
    expectClose(out, [0.999, 0.001, Math.log(1e-3), Math.log(10 / 32)]);
  });

  it('a stride array is per anchor; a number applies to all', () => {
    const anchors = [0, 0, 32, 32, 0, 0, 32, 32];
    const preds = [1, 0, 0, 0, 1, 0, 0, 0];
    const out = decodeYOLO(anchors, preds, { stride: [8, 32] });
    expectClose(out, [4, -4, 36, 28, 16, -16, 48, 16]);
    expect(decodeYOLO(anchors, preds, { stride: 8 }).subarray(0, 4)).toEqual(out.subarray(0, 4));
  });

  it('empty input, out buffers, no mutation', () => {
    expect(encodeYOLO([], [], { stride: [] }).length).toBe(0);
    expect(decodeYOLO([], [], { stride: 8 }).length).toBe(0);
    const anchors = new Float32Array([0, 0, 32, 32]);
    const targets = new Float32Array([8, 4, 40, 36]);
    const out = new Float32Array(4);
    expect(encodeYOLO(anchors, targets, { stride: 32 }, out)).toBe(out);
    expect(Array.from(targets)).toEqual([8, 4, 40, 36]);
    expect(decodeYOLO(anchors, out, { stride: 32 }, out)).toBe(out);
    expectClose(out, targets);
  });
});

describe('encodeYOLO / decodeYOLO properties', () => {
  it('decode(encode(b)) equals b when the target center is within half a stride', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 8 }), (cases) => {
        const anchors = cases.flatMap((c) => c.anchor);
        const targets = cases.flatMap((c) => c.target);
        const stride = cases.map((c) => c.stride);
        const decoded = decodeYOLO(anchors, encodeYOLO(anchors, targets, { stride }), { stride });
        cases.forEach(({ anchor, target }, i) => {
          const scale = Math.max(1, ...anchor.map(Math.abs), ...target.map(Math.abs));
          for (let k = 0; k < 4; k++) expect(Math.abs(decoded[4 * i + k] - target[k])).toBeLessThanOrEqual(1e-4 * scale);
        });
      }),
    );
  });

  it('x and y always lie in [eps, 1 - eps]', () => {
    fc.assert(
      fc.property(caseArb, doubleIn(-10, 10), ({ anchor, target, stride }, shift) => {
        const moved = [target[0] + shift * stride, target[1] - shift * stride, target[2] + shift * stride, target[3] - shift * stride];
        const out = encodeYOLO(anchor, moved, { stride });
        for (const k of [0, 1]) {
          expect(out[k]).toBeGreaterThanOrEqual(f(1e-6));
          expect(out[k]).toBeLessThanOrEqual(f(1 - 1e-6));
        }
      }),
    );
  });
});

describe('encodeYOLO / decodeYOLO errors name the argument', () => {
  const a = [0, 0, 32, 32];
  it('lengths not a multiple of 4 and mismatched lengths', () => {
    expect(thrown(() => encodeYOLO([0, 0, 32], a, { stride: 8 })).message).toMatch(/^encodeYOLO: anchors must be .*multiple of 4/);
    expect(thrown(() => decodeYOLO(a, [0.5, 0.5, 0], { stride: 8 })).path).toBe('predictions');
    const e = thrown(() => encodeYOLO([...a, ...a], a, { stride: 8 }));
    expect(e.message).toContain('targets');
    expect(e.message).toContain('anchors');
    const e2 = thrown(() => decodeYOLO(a, [...a, ...a], { stride: 8 }));
    expect(e2.message).toContain('predictions');
    expect(e2.message).toContain('anchors');
  });

  it('NaN, Infinity, x2 < x1 and zero-size anchors', () => {
    expect(thrown(() => encodeYOLO(a, [0, 0, NaN, 1], { stride: 8 })).path).toBe('targets[0].x2');
    expect(thrown(() => decodeYOLO(a, [0.5, Infinity, 0, 0], { stride: 8 })).message).toBe(
      'decodeYOLO: predictions[0][1] must be a finite number, but was Infinity',
    );
    expect(thrown(() => decodeYOLO([0, 32, 32, 0], [0.5, 0.5, 0, 0], { stride: 8 })).path).toBe('anchors[0].y2');
    expect(thrown(() => encodeYOLO([0, 0, 0, 32], a, { stride: 8 })).message).toContain('encodeYOLO: anchors[0] must have a positive width and height');
  });

  it('missing, wrong-length or non-positive stride; eps out of range', () => {
    expect(thrown(() => encodeYOLO(a, a, {} as never)).message).toContain('encodeYOLO: options.stride must be a positive number or an array of 1 positive numbers');
    expect(thrown(() => encodeYOLO(a, a, { stride: [8, 16] })).path).toBe('options.stride');
    expect(thrown(() => decodeYOLO([...a, ...a], [...a, ...a], { stride: [8, -16] })).message).toBe(
      'decodeYOLO: options.stride[1] must be a positive number, but was -16',
    );
    expect(thrown(() => encodeYOLO(a, a, { stride: 8, eps: 0.5 })).path).toBe('options.eps');
    expect(thrown(() => encodeYOLO(a, a, { stride: 8, eps: 0 })).path).toBe('options.eps');
  });

  it('unknown options', () => {
    const e = thrown(() => encodeYOLO(a, a, { stride: 8, strides: 8 } as never));
    expect(e.code).toBe('invalid-config');
    expect(e.message).toContain("unknown option 'strides'");
    expect(e.message).toContain("did you mean 'stride'");
  });
});
