/**
 * Properties of every prior generator on random configs: the prior count, the grid layout, and
 * the grid-based candidate search agreeing with a brute-force scan on random boxes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anchorGenerator,
  pointGenerator,
  pointsInBox,
  priorsOverlappingBox,
  ssdAnchorGenerator,
  yoloAnchorGenerator,
  type FeatmapSize,
  type PriorSet,
  type StrideOption,
} from '../../../src/geometry/priors/index.js';

// ---- random generator configs ----

const strideValue = fc.oneof(
  fc.constantFrom(4, 8, 16, 32, 64, 100, 128),
  fc.integer({ min: 1, max: 50 }),
  fc.double({ min: 0.25, max: 50, noNaN: true }).map(Math.fround),
);
const stride: fc.Arbitrary<StrideOption> = fc.oneof(strideValue, fc.tuple(strideValue, strideValue));
const featmapSize: fc.Arbitrary<FeatmapSize> = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }));
const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true });

interface Case {
  readonly set: PriorSet;
  readonly numBasePriors: readonly number[];
  readonly baseAnchors: readonly Float32Array[] | null;
}

const anchorCase: fc.Arbitrary<Case> = fc
  .record({
    strides: fc.array(stride, { minLength: 1, maxLength: 3 }),
    ratios: fc.array(positive(0.2, 5), { minLength: 1, maxLength: 3 }),
    scaleSpec: fc.oneof(
      fc.record({ scales: fc.array(positive(0.5, 10), { minLength: 1, maxLength: 3 }) }),
      fc.record({ octaveBaseScale: positive(1, 8), scalesPerOctave: fc.integer({ min: 1, max: 3 }) }),
    ),
    scaleMajor: fc.boolean(),
    centerOffset: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    sizes: fc.array(featmapSize, { minLength: 3, maxLength: 3 }),
  })
  .map(({ strides, ratios, scaleSpec, scaleMajor, centerOffset, sizes }) => {
    const gen = anchorGenerator({ strides, ratios, ...scaleSpec, scaleMajor, centerOffset });
    return { set: gen.gridPriors(sizes.slice(0, strides.length)), numBasePriors: gen.numBasePriors, baseAnchors: gen.baseAnchors };
  });

const ssdCase: fc.Arbitrary<Case> = fc
  .array(
    fc.record({
      stride,
      ratios: fc.array(fc.double({ min: 1.2, max: 4, noNaN: true }), { maxLength: 2 }),
      minSize: positive(4, 100),
      grow: positive(1, 3),
      size: featmapSize,
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((levels) => {
    const gen = ssdAnchorGenerator({
      strides: levels.map((l) => l.stride),
      ratios: levels.map((l) => l.ratios),
      minSizes: levels.map((l) => l.minSize),
      maxSizes: levels.map((l) => l.minSize * l.grow),
      scaleMajor: false,
    });
    return { set: gen.gridPriors(levels.map((l) => l.size)), numBasePriors: gen.numBasePriors, baseAnchors: gen.baseAnchors };
  });

const yoloCase: fc.Arbitrary<Case> = fc
  .integer({ min: 1, max: 3 })
  .chain((perLevel) =>
    fc.array(
      fc.record({
        stride,
        sizes: fc.array(fc.tuple(positive(1, 120), positive(1, 120)), { minLength: perLevel, maxLength: perLevel }),
        size: featmapSize,
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map((levels) => {
    const gen = yoloAnchorGenerator({ strides: levels.map((l) => l.stride), baseSizes: levels.map((l) => l.sizes) });
    return { set: gen.gridPriors(levels.map((l) => l.size)), numBasePriors: gen.numBasePriors, baseAnchors: gen.baseAnchors };
  });

const pointCase: fc.Arbitrary<Case> = fc
  .record({
    strides: fc.array(stride, { minLength: 1, maxLength: 3 }),
    offset: fc.oneof(fc.constantFrom(0, 0.5), fc.double({ min: 0, max: 1, noNaN: true })),
    sizes: fc.array(featmapSize, { minLength: 3, maxLength: 3 }),
  })
  .map(({ strides, offset, sizes }) => {
    const gen = pointGenerator({ strides, offset });
    return { set: gen.gridPriors(sizes.slice(0, strides.length)), numBasePriors: gen.numBasePriors, baseAnchors: null };
  });

const anyAnchorCase = fc.oneof(anchorCase, ssdCase, yoloCase);

// ---- random boxes, built from the set so that edges can sit exactly on priors and cell borders ----

type CoordSpec =
  | { readonly t: 'free'; readonly v: number }
  | { readonly t: 'prior'; readonly i: number; readonly delta: number }
  | { readonly t: 'cell'; readonly k: number; readonly level: number };

const coordSpec: fc.Arbitrary<CoordSpec> = fc.oneof(
  fc.record({ t: fc.constant('free' as const), v: fc.double({ min: -400, max: 900, noNaN: true }) }),
  fc.record({
    t: fc.constant('prior' as const),
    i: fc.nat(),
    delta: fc.oneof(fc.constant(0), fc.constantFrom(-1e-3, 1e-3, -1e-6, 1e-6), fc.double({ min: -3, max: 3, noNaN: true })),
  }),
  fc.record({ t: fc.constant('cell' as const), k: fc.integer({ min: -3, max: 12 }), level: fc.nat(2) }),
);

const boxSpec = fc.record({
  x1: coordSpec,
  y1: coordSpec,
  x2: coordSpec,
  y2: coordSpec,
  tiny: fc.option(fc.constantFrom(1e-4, 1e-2, 0.5), { nil: undefined }),
  round: fc.boolean(),
});
type BoxSpec = typeof boxSpec extends fc.Arbitrary<infer T> ? T : never;

/** Resolves a coordinate spec along one axis (0 = x, 1 = y) of `set`. */
function coordinate(set: PriorSet, spec: CoordSpec, axis: 0 | 1): number {
  if (spec.t === 'free') return spec.v;
  if (spec.t === 'cell') {
    const level = set.levels[spec.level % set.levels.length];
    return spec.k * (axis === 0 ? level.strideX : level.strideY);
  }
  if (set.numPriors === 0) return spec.delta;
  const width = set.kind === 'anchors' ? 4 : 2;
  const index = spec.i % set.numPriors;
  const component = set.kind === 'anchors' ? axis + 2 * (spec.i % 2) : axis;
  return set.priors[index * width + component] + spec.delta;
}

function makeBox(set: PriorSet, spec: BoxSpec): [number, number, number, number] {
  let x1 = coordinate(set, spec.x1, 0);
  let y1 = coordinate(set, spec.y1, 1);
  let x2 = coordinate(set, spec.x2, 0);
  let y2 = coordinate(set, spec.y2, 1);
  if (spec.tiny !== undefined) {
    x2 = x1 + spec.tiny;
    y2 = y1 + spec.tiny;
  }
  if (spec.round) [x1, y1, x2, y2] = [x1, y1, x2, y2].map(Math.fround);
  return [x1, y1, x2, y2]; // deliberately not sorted: inverted boxes must match nothing
}

function bruteForceOverlaps(set: PriorSet, x1: number, y1: number, x2: number, y2: number): number[] {
  const p = set.priors;
  const out: number[] = [];
  for (let i = 0; i < set.numPriors; i++) {
    const iw = Math.min(p[i * 4 + 2], x2) - Math.max(p[i * 4], x1);
    const ih = Math.min(p[i * 4 + 3], y2) - Math.max(p[i * 4 + 1], y1);
    if (iw > 0 && ih > 0) out.push(i);
  }
  return out;
}

function bruteForcePoints(set: PriorSet, x1: number, y1: number, x2: number, y2: number): number[] {
  const p = set.priors;
  const out: number[] = [];
  for (let i = 0; i < set.numPriors; i++) {
    if (p[i * 2] >= x1 && p[i * 2] <= x2 && p[i * 2 + 1] >= y1 && p[i * 2 + 1] <= y2) out.push(i);
  }
  return out;
}

// ---- the properties ----

describe('prior generator properties', () => {
  it('prior count = sum over levels of h * w * priors per location', () => {
    fc.assert(
      fc.property(fc.oneof(anyAnchorCase, pointCase), ({ set, numBasePriors }) => {
        let start = 0;
        set.levels.forEach((level, l) => {
          expect(level.numBasePriors).toBe(numBasePriors[l]);
          expect(level.count).toBe(level.featHeight * level.featWidth * numBasePriors[l]);
          expect(level.start).toBe(start);
          start += level.count;
        });
        expect(set.numPriors).toBe(start);
        expect(set.priors.length).toBe(start * (set.kind === 'anchors' ? 4 : 2));
      }),
    );
  });

  it('anchors are their base anchors shifted by whole strides (row-major, base anchor minor)', () => {
    fc.assert(
      fc.property(anyAnchorCase, ({ set, baseAnchors }) => {
        set.levels.forEach((level, l) => {
          const base = baseAnchors![l];
          expect(level.baseAnchors).toBe(base);
          const A = level.numBasePriors;
          for (let i = 0; i < level.count; i++) {
            const k = i % A;
            const location = (i - k) / A;
            const row = Math.floor(location / level.featWidth);
            const col = location % level.featWidth;
            const o = (level.start + i) * 4;
            const p = set.priors;
            const centerShiftX = (p[o] + p[o + 2]) / 2 - (base[k * 4] + base[k * 4 + 2]) / 2;
            const centerShiftY = (p[o + 1] + p[o + 3]) / 2 - (base[k * 4 + 1] + base[k * 4 + 3]) / 2;
            const slackX = 4 * 2 ** -24 * (Math.abs(base[k * 4]) + Math.abs(base[k * 4 + 2]) + 2 * col * level.strideX) + 1e-12;
            const slackY = 4 * 2 ** -24 * (Math.abs(base[k * 4 + 1]) + Math.abs(base[k * 4 + 3]) + 2 * row * level.strideY) + 1e-12;
            expect(Math.abs(centerShiftX - col * level.strideX)).toBeLessThanOrEqual(slackX);
            expect(Math.abs(centerShiftY - row * level.strideY)).toBeLessThanOrEqual(slackY);
            // exactly the reference's float32 sum
            expect(p[o]).toBe(Math.fround(base[k * 4] + Math.fround(col * Math.fround(level.strideX))));
            expect(p[o + 3]).toBe(Math.fround(base[k * 4 + 3] + Math.fround(row * Math.fround(level.strideY))));
          }
        });
      }),
    );
  });

  it('points lie on (col + offset, row + offset) * stride', () => {
    fc.assert(
      fc.property(pointCase, ({ set }) => {
        for (const level of set.levels) {
          for (let i = 0; i < level.count; i++) {
            const row = Math.floor(i / level.featWidth);
            const col = i % level.featWidth;
            const x = set.priors[(level.start + i) * 2];
            const y = set.priors[(level.start + i) * 2 + 1];
            expect(Math.abs(x - (col + level.pointOffset) * level.strideX)).toBeLessThanOrEqual(4 * 2 ** -24 * Math.abs(x) + 1e-6);
            expect(Math.abs(y - (row + level.pointOffset) * level.strideY)).toBeLessThanOrEqual(4 * 2 ** -24 * Math.abs(y) + 1e-6);
          }
        }
      }),
    );
  });

  it('priorsOverlappingBox equals a brute-force scan', () => {
    fc.assert(
      fc.property(anyAnchorCase, fc.array(boxSpec, { minLength: 1, maxLength: 8 }), ({ set }, specs) => {
        const out = new Int32Array(set.numPriors);
        for (const spec of specs) {
          const [x1, y1, x2, y2] = makeBox(set, spec);
          const n = priorsOverlappingBox(set, x1, y1, x2, y2, out);
          expect(Array.from(out.subarray(0, n)), `box [${x1}, ${y1}, ${x2}, ${y2}]`).toEqual(bruteForceOverlaps(set, x1, y1, x2, y2));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('pointsInBox equals a brute-force scan', () => {
    fc.assert(
      fc.property(pointCase, fc.array(boxSpec, { minLength: 1, maxLength: 8 }), ({ set }, specs) => {
        const out = new Int32Array(set.numPriors);
        for (const spec of specs) {
          const [x1, y1, x2, y2] = makeBox(set, spec);
          const n = pointsInBox(set, x1, y1, x2, y2, out);
          expect(Array.from(out.subarray(0, n)), `box [${x1}, ${y1}, ${x2}, ${y2}]`).toEqual(bruteForcePoints(set, x1, y1, x2, y2));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('candidate search stays exact far from the origin (large coordinates)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.5, 1, 3, 8),
        fc.double({ min: 1e3, max: 2e5, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (s, center, halfSize) => {
          const gen = anchorGenerator({ strides: [s], ratios: [1], scales: [1], centers: [[center, center]] });
          const set = gen.gridPriors([[20, 20]]);
          const out = new Int32Array(set.numPriors);
          for (let j = 0; j < 20; j++) {
            const edge = set.priors[(j * 21 % set.numPriors) * 4 + (j % 4)];
            const [x1, y1, x2, y2] = [edge - halfSize, edge - halfSize, edge + (j % 2 ? 0 : halfSize), edge + halfSize].map(Math.fround);
            const n = priorsOverlappingBox(set, x1, y1, x2, y2, out);
            expect(Array.from(out.subarray(0, n))).toEqual(bruteForceOverlaps(set, x1, y1, x2, y2));
          }
        },
      ),
    );
  });
});
