/**
 * The assigner contract: one suite every registered assigner passes (after fast-check's
 * ArbitraryAssertions). An adapter says how to build a strategy's input for a scene (ground
 * truths, ignore boxes, valid flags, no priors, plain priors) in an image of a given size; the
 * suite checks what every assignment must satisfy.
 *
 * Each clause is a function `(adapter) => null | what broke`, so `contract-defects.test.ts` can
 * show that each clause catches the defect it is there for, on deliberately broken assigners.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAssignResult, type AssignResult } from '../../src/assigners/assign-result.js';
import type { AssignerStrategy } from '../../src/assigners/registry.js';
import { LabelAssignError } from '../../src/errors.js';

/** What one run is asked to do. */
export interface Scene {
  readonly gtBoxes: Float32Array;
  readonly gtLabels: Int32Array;
  readonly ignoreBoxes?: Float32Array;
  readonly validFlags?: Uint8Array;
  /** An empty prior set (or an empty grid of cells). */
  readonly noPriors?: boolean;
  /** The same priors as plain boxes or points (with level counts), not a `PriorSet`. */
  readonly plainPriors?: boolean;
}

export interface AssignerAdapter {
  /** The registered strategy. `assign` may be replaced by a broken one in the defect tests. */
  readonly strategy: AssignerStrategy;
  /** Image size `[h, w]` the adapter builds its priors for. */
  readonly imageSize: readonly [number, number];
  /** Options that run the strategy, its ignore rule switched on. */
  readonly options: object;
  /** The strategy's input for a scene. */
  input(scene: Scene): Record<string, unknown>;
  /**
   * The priors as shapes, for geometry checks: boxes `[n * 4]`, or points `[n * 2]` with
   * `points: true` (cells as their boxes).
   */
  readonly priorShapes: { readonly points: boolean; readonly data: Float32Array };
  /** How far (pixels) beyond a gt box a prior may still become its positive (a cell's rounding, a grid neighbour). */
  readonly reach: number;
}

/** A clause of the contract: null when the adapter satisfies it, else what broke. */
export type ContractClause = (adapter: AssignerAdapter) => string | null;

function run(adapter: AssignerAdapter, scene: Scene): AssignResult {
  return adapter.strategy.assign(adapter.input(scene) as never, adapter.options as never);
}

function numPriors(adapter: AssignerAdapter): number {
  const { points, data } = adapter.priorShapes;
  return data.length / (points ? 2 : 4);
}

const COLS = 3;
const ROWS = 2;
/** Ground truths live in tiles 0-4; tile 5 (bottom right) holds the ignore box of the ignore clause. */
const GT_TILES = COLS * ROWS - 1;

/**
 * Ground truths in disjoint tiles of the image (so no two compete for a prior and the
 * permutation clause is tie-free), sizes from 8 px to most of a tile and distinct per tile,
 * random float corners.
 */
export function separatedGts(imageSize: readonly [number, number], maxGts = GT_TILES): fc.Arbitrary<{ boxes: Float32Array; labels: Int32Array }> {
  const [h, w] = imageSize;
  const tileW = w / COLS;
  const tileH = h / ROWS;
  const box = fc.record({
    tile: fc.integer({ min: 0, max: GT_TILES - 1 }),
    fx: fc.double({ min: 0, max: 1, noNaN: true }),
    fy: fc.double({ min: 0, max: 1, noNaN: true }),
    fw: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    fh: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    label: fc.integer({ min: 0, max: 3 }),
  });
  return fc.uniqueArray(box, { maxLength: Math.min(maxGts, GT_TILES), selector: (b) => b.tile }).map((list) => {
    const boxes = new Float32Array(list.length * 4);
    list.forEach((b, i) => {
      // Distinct sizes per tile: equal areas would tie for a large anchor containing two gts.
      // A margin of 15% of the tile on each side keeps neighbours from sharing a best prior
      // (MaxIoU's low-quality step gives a shared prior to the later gt: order would matter).
      const innerW = 0.7 * tileW;
      const innerH = 0.7 * tileH;
      const bw = 8 + b.tile * 1.37 + b.fw * (innerW - 16);
      const bh = 8 + b.tile * 0.71 + b.fh * (innerH - 16);
      const x0 = (b.tile % COLS) * tileW + 0.15 * tileW + b.fx * (innerW - bw);
      const y0 = Math.floor(b.tile / COLS) * tileH + 0.15 * tileH + b.fy * (innerH - bh);
      boxes.set([x0, y0, x0 + bw, y0 + bh], i * 4);
    });
    return { boxes, labels: Int32Array.from(list, (b) => b.label) };
  });
}

/** The ignore box of the ignore clause: most of the last tile, which holds no ground truth. */
function ignoreTile(imageSize: readonly [number, number]): Float32Array {
  const [h, w] = imageSize;
  const tileW = w / COLS;
  const tileH = h / ROWS;
  return Float32Array.of((COLS - 1) * tileW + 0.05 * tileW, (ROWS - 1) * tileH + 0.05 * tileH, w - 0.05 * tileW, h - 0.05 * tileH);
}

/** Runs a property with fast-check; null when it holds, else the counterexample and the error. */
function check<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns: number): string | null {
  const details = fc.check(fc.property(arbitrary, predicate), { numRuns });
  if (!details.failed) return null;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return `${error.split('\n')[0]} (seed ${details.seed}, path ${details.counterexamplePath})`;
}

/** Every typed array of `value` (the input record), copied. */
function snapshot(input: Record<string, unknown>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [key, value] of Object.entries(input)) {
    if (ArrayBuffer.isView(value)) out.set(key, Array.from(value as unknown as ArrayLike<number>));
    else if (typeof value === 'object' && value !== null && (value as { priors?: unknown }).priors instanceof Float32Array) {
      out.set(key, Array.from((value as { priors: Float32Array }).priors));
    }
  }
  return out;
}

function sameResult(a: AssignResult, b: AssignResult): string | null {
  const keys = Object.keys(a) as (keyof AssignResult)[];
  if (keys.length !== Object.keys(b).length) return `results have different fields: ${keys.join(', ')} vs ${Object.keys(b).join(', ')}`;
  for (const k of keys) {
    const x = a[k] as unknown;
    const y = b[k] as unknown;
    if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
      const xa = x as unknown as ArrayLike<number>;
      const ya = y as unknown as ArrayLike<number>;
      if (xa.length !== ya.length) return `${String(k)}: lengths ${xa.length} and ${ya.length}`;
      for (let i = 0; i < xa.length; i++) if (!Object.is(xa[i], ya[i])) return `${String(k)}[${i}]: ${xa[i]} and ${ya[i]}`;
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      return `${String(k)} differs`;
    }
  }
  return null;
}

function fail(message: string | null): void {
  if (message !== null) throw new Error(message);
}

/** The message of the LabelAssignError `call` throws, or what it did instead. */
function errorOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return error instanceof LabelAssignError ? error.message : `not a LabelAssignError: ${String(error)}`;
  }
  return 'no error';
}

/** The clauses, by name. */
export const CONTRACT: Readonly<Record<string, ContractClause>> = {
  'one entry per prior, labels in {1, 0, -1}, positives carry their gt and class, the others -1': (adapter) =>
    check(
      separatedGts(adapter.imageSize),
      ({ boxes, labels }) => {
        checkAssignResult(adapter.strategy.name, 'result', run(adapter, { gtBoxes: boxes, gtLabels: labels }), {
          gtLabels: labels,
          numPriors: numPriors(adapter),
          numGts: labels.length,
        });
      },
      30,
    ),

  'never changes its inputs, and gives the same result for the same inputs': (adapter) =>
    check(
      separatedGts(adapter.imageSize).chain((gts) => fc.tuple(fc.constant(gts), fc.boolean())),
      ([{ boxes, labels }, plainPriors]) => {
        const n = numPriors(adapter);
        const scene: Scene = { gtBoxes: boxes, gtLabels: labels, ignoreBoxes: ignoreTile(adapter.imageSize), validFlags: new Uint8Array(n).fill(1), plainPriors };
        const input = adapter.input(scene);
        const before = snapshot(input);
        const first = adapter.strategy.assign(input as never, adapter.options as never);
        const after = snapshot(input);
        for (const [key, values] of before) if (JSON.stringify(values) !== JSON.stringify(after.get(key))) throw new Error(`input.${key} was changed`);
        fail(sameResult(adapter.strategy.assign(input as never, adapter.options as never), first));
      },
      20,
    ),

  'permuting the ground truths permutes the assigned indices': (adapter) =>
    check(
      separatedGts(adapter.imageSize).chain(({ boxes, labels }) =>
        fc.tuple(fc.constant({ boxes, labels }), fc.shuffledSubarray([...labels.keys()], { minLength: labels.length, maxLength: labels.length })),
      ),
      ([{ boxes, labels }, order]) => {
        const permutedBoxes = new Float32Array(boxes.length);
        const permutedLabels = new Int32Array(labels.length);
        order.forEach((from, to) => {
          permutedBoxes.set(boxes.subarray(from * 4, from * 4 + 4), to * 4);
          permutedLabels[to] = labels[from];
        });
        const a = run(adapter, { gtBoxes: boxes, gtLabels: labels });
        const b = run(adapter, { gtBoxes: permutedBoxes, gtLabels: permutedLabels });
        for (let p = 0; p < a.label.length; p++) {
          if (a.label[p] !== b.label[p]) throw new Error(`prior ${p}: label ${a.label[p]} became ${b.label[p]}`);
          if (a.label[p] === 1 && order[b.gtIndex[p]] !== a.gtIndex[p]) throw new Error(`prior ${p}: gt ${a.gtIndex[p]} became ${order[b.gtIndex[p]]}`);
        }
      },
      25,
    ),

  'honours ignore boxes: a prior well inside one, far from every gt, is ignored, never positive': (adapter) => {
    const ignore = ignoreTile(adapter.imageSize);
    const { points, data } = adapter.priorShapes;
    const width = points ? 2 : 4;
    // The priors well inside the ignore box: entirely inside (a point: strictly inside).
    const inside: number[] = [];
    for (let p = 0; p < data.length / width; p++) {
      const o = p * width;
      const [x1, y1, x2, y2] = points ? [data[o], data[o + 1], data[o], data[o + 1]] : [data[o], data[o + 1], data[o + 2], data[o + 3]];
      if (x1 > ignore[0] && y1 > ignore[1] && x2 < ignore[2] && y2 < ignore[3]) inside.push(p);
    }
    if (inside.length === 0) return 'no prior lies well inside the ignore box: the adapter cannot test this clause';
    let tested = 0;
    const broken = check(
      separatedGts(adapter.imageSize),
      ({ boxes, labels }) => {
        const result = run(adapter, { gtBoxes: boxes, gtLabels: labels, ignoreBoxes: ignore });
        const r = adapter.reach;
        for (const p of inside) {
          const o = p * width;
          const [x1, y1, x2, y2] = points ? [data[o], data[o + 1], data[o], data[o + 1]] : [data[o], data[o + 1], data[o + 2], data[o + 3]];
          let near = false;
          for (let g = 0; g < boxes.length; g += 4) near ||= x1 < boxes[g + 2] + r && x2 > boxes[g] - r && y1 < boxes[g + 3] + r && y2 > boxes[g + 1] - r;
          if (near) continue;
          tested++;
          // Without ground truths the reference's rule leaves every prior negative (as the
          // reference does); the toolkit's rule still withholds the priors in ignore regions.
          const expected = labels.length > 0 || adapter.strategy.ignoreRule === 'toolkit' ? -1 : 0;
          if (result.label[p] !== expected) throw new Error(`prior ${p} lies in the ignore box, far from every gt, but has label ${result.label[p]}`);
        }
      },
      15,
    );
    // A clause that never met a prior far from every gt would pass vacuously.
    return broken ?? (tested > 0 ? null : 'every prior in the ignore box was near a gt in every run: the clause tested nothing');
  },

  'gives the same result for a PriorSet and for the same priors as plain boxes or points': (adapter) => {
    const kind = adapter.strategy.inputs.priors;
    if (kind === 'grid-anchors' || kind === 'cells') return null; // takes no plain priors: nothing to compare
    return check(
      separatedGts(adapter.imageSize),
      ({ boxes, labels }) => {
        const scene = { gtBoxes: boxes, gtLabels: labels, ignoreBoxes: ignoreTile(adapter.imageSize) };
        fail(sameResult(run(adapter, { ...scene, plainPriors: true }), run(adapter, scene)));
      },
      15,
    );
  },

  'excludes priors flagged 0 in validFlags (ignored, no gt), and all-1 flags change nothing': (adapter) => {
    const n = numPriors(adapter);
    return check(
      separatedGts(adapter.imageSize).chain((gts) => fc.tuple(fc.constant(gts), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: Math.max(1, n >> 2) }))),
      ([{ boxes, labels }, excluded]) => {
        const flags = new Uint8Array(n).fill(1);
        const scene = { gtBoxes: boxes, gtLabels: labels };
        fail(sameResult(run(adapter, { ...scene, validFlags: flags }), run(adapter, scene)));
        for (const p of excluded) flags[p] = 0;
        const result = run(adapter, { ...scene, validFlags: flags });
        for (const p of excluded) {
          if (result.label[p] !== -1 || result.gtIndex[p] !== -1 || result.gtLabel[p] !== -1) {
            throw new Error(`excluded prior ${p}: label ${result.label[p]}, gtIndex ${result.gtIndex[p]}, gtLabel ${result.gtLabel[p]}`);
          }
        }
      },
      15,
    );
  },

  'returns a frozen result (nothing in it can be reassigned)': (adapter) => {
    const result = run(adapter, { gtBoxes: Float32Array.of(10, 10, 50, 60), gtLabels: Int32Array.of(1) });
    if (!Object.isFrozen(result)) return 'the result object is not frozen';
    for (const [key, value] of Object.entries(result)) {
      if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) return `result.${key} is not frozen`;
    }
    return null;
  },

  'names the public function in every error (bad box, unknown input, unknown option)': (adapter) => {
    const name = adapter.strategy.name;
    const good = adapter.input({ gtBoxes: Float32Array.of(10, 10, 50, 60), gtLabels: Int32Array.of(1) });
    const calls: [string, () => unknown][] = [
      ['a NaN box', () => adapter.strategy.assign({ ...good, gtBoxes: [[10, 10, NaN, 60]] } as never, adapter.options as never)],
      ['an unknown input', () => adapter.strategy.assign({ ...good, bogusInput: 1 } as never, adapter.options as never)],
      ['an unknown option', () => adapter.strategy.assign(good as never, { ...adapter.options, bogusOption: 1 } as never)],
    ];
    for (const [what, call] of calls) {
      const message = errorOf(call);
      if (!message.startsWith(`${name}: `)) return `${what}: the error does not start with '${name}: ': ${message}`;
    }
    return null;
  },

  'makes every prior negative when there are no ground truths (excluded priors ignored)': (adapter) => {
    const result = run(adapter, { gtBoxes: new Float32Array(0), gtLabels: new Int32Array(0) });
    if (result.label.length === 0) return 'no priors';
    for (let p = 0; p < result.label.length; p++) {
      if (result.label[p] !== 0 || result.gtIndex[p] !== -1) return `prior ${p}: label ${result.label[p]}, gtIndex ${result.gtIndex[p]} without ground truths`;
    }
    return null;
  },

  'returns empty arrays when there are no priors': (adapter) => {
    const result = run(adapter, { gtBoxes: Float32Array.of(10, 10, 50, 60), gtLabels: Int32Array.of(1), noPriors: true });
    if (result.label.length !== 0 || result.gtIndex.length !== 0 || result.gtLabel.length !== 0 || result.maxOverlap.length !== 0) return 'arrays are not empty';
    return result.numGts === 1 ? null : `numGts ${result.numGts}`;
  },
};

/** Registers the contract's clauses as tests of `adapter`. */
export function assignerContract(adapter: AssignerAdapter): void {
  describe(`assigner contract: ${adapter.strategy.name}`, () => {
    for (const [name, clause] of Object.entries(CONTRACT)) {
      it(name, () => expect(clause(adapter)).toBeNull());
    }
  });
}
