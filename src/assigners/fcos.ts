/**
 * FCOS target assignment (Tian et al., "FCOS: Fully Convolutional One-Stage Object Detection",
 * ICCV 2019), with the center sampling of the FCOS improvements ("FCOS: A Simple and Strong
 * Anchor-free Object Detector", TPAMI 2020).
 *
 * Every point prior of a pyramid level is positive for the smallest ground truth that contains
 * it (or, with center sampling, whose center region contains it) and whose largest regression
 * distance falls in the level's range; the point then regresses the distances (l, t, r, b) to
 * that box and a center-ness target. Port of mmdetection 3.x `FCOSHead._get_targets_single`,
 * `get_targets` and `centerness_target` (mmdet/models/dense_heads/fcos_head.py): the same
 * float32 arithmetic, the same inclusive range bounds, the same tie rule (equal areas: lowest
 * gt index) and the same 1e8 "INF" sentinel, computed sparsely (see {@link assignFcos}).
 */
import { invalidArgument } from '../errors.js';
import { boxArea } from '../geometry/float32.js';
import { PointIndex, pointsInBoxUnchecked } from '../geometry/priors/candidates.js';
import type { PriorSet } from '../geometry/priors/prior-set.js';
import { apiNames, checkBoolean, checkKnownKeys, checkNumber, checkObject, MAX_COORDINATE, MIN_STRIDE, optionNamesArgument, type OptionNames } from '../validate.js';
import { NEGATIVE, POSITIVE, type AssignInput, type AssignResult } from './assign-result.js';
import { applyIgnoreCoverage, checkIgnoreCoverageThreshold } from './ignore-regions.js';
import { excludeInvalidPriors, freezeResult, resolveAssignInput, type AssignerInputs, type ResolvedAssignInput } from './inputs.js';

const fround = Math.fround;
const FN = 'assignFcos';

/** The reference's `INF` (1e8, exact in float32): the area of a gt that is not eligible for a point. */
export const FCOS_INF = 100000000;

/** mmdetection's default `regress_ranges` for the five levels P3-P7: `((-1, 64), (64, 128), (128, 256), (256, 512), (512, INF))`. */
export const DEFAULT_FCOS_REGRESS_RANGES: readonly (readonly [number, number])[] = Object.freeze([
  Object.freeze([-1, 64] as const),
  Object.freeze([64, 128] as const),
  Object.freeze([128, 256] as const),
  Object.freeze([256, 512] as const),
  Object.freeze([512, FCOS_INF] as const),
]);

/** What {@link assignFcos} takes: point priors per pyramid level. */
export const FCOS_INPUTS: AssignerInputs = Object.freeze({ priors: 'points', levels: true });

const OPTION_KEYS = ['strides', 'regressRanges', 'centerSampling', 'centerSampleRadius', 'normOnBbox', 'ignoreCoverageThreshold'] as const;

/** Options of {@link assignFcos}; names follow mmdetection's `FCOSHead` arguments, in camelCase. */
export interface FcosOptions {
  /** Per level stride in pixels (`strides`), positive; one per pyramid level. Required. */
  readonly strides: readonly number[];
  /**
   * Per level `[lo, hi]` range of the largest regression distance max(l, t, r, b) a positive may
   * have (`regress_ranges`), both ends inclusive, `lo <= hi`. Default: mmdetection's
   * {@link DEFAULT_FCOS_REGRESS_RANGES}, which needs exactly 5 levels.
   */
  readonly regressRanges?: readonly (readonly [number, number])[];
  /** Positives only inside the center region of the box (`center_sampling`). Default false. */
  readonly centerSampling?: boolean;
  /** Half-size of the center region in strides of the point's level (`center_sample_radius`), > 0. Default 1.5. */
  readonly centerSampleRadius?: number;
  /** Divide the regression targets by the level stride (`norm_on_bbox`). Default false. */
  readonly normOnBbox?: boolean;
  /**
   * The toolkit's ignore rule (the reference has none): a non-positive point inside a closed
   * ignore box becomes ignored (-1). The threshold, in [0, 1], only matters for box priors and is
   * accepted for uniformity; default 0.5. Only used when `input.ignoreBoxes` is given.
   */
  readonly ignoreCoverageThreshold?: number;
}

/** {@link FcosOptions}, checked and frozen, with every default filled in. */
export interface ResolvedFcosOptions {
  readonly strides: readonly number[];
  readonly regressRanges: readonly (readonly [number, number])[];
  readonly centerSampling: boolean;
  readonly centerSampleRadius: number;
  readonly normOnBbox: boolean;
  readonly ignoreCoverageThreshold: number;
}

/** What {@link assignFcos} returns: the common assignment plus the FCOS regression targets. */
export interface FcosResult extends AssignResult {
  /**
   * `[numPoints * 4]`: the distances (l, t, r, b) = (x - x1, y - y1, x2 - x, y2 - y), float32,
   * exactly the reference's `get_targets` output: to the assigned gt for positives; to gt 0 for
   * every other point (the reference's argmin over an all-INF row), all zeros when there are no
   * gts; divided by the level stride when `normOnBbox`.
   */
  readonly bboxTargets: Float32Array;
  /**
   * `[numPoints]`: the center-ness target sqrt(min(l, r) / max(l, r) * min(t, b) / max(t, b)) of
   * the positives, computed from `bboxTargets` (so after the stride division with `normOnBbox`,
   * as the reference's loss does); 0 for every other point. As in the reference, NaN where a
   * normalised positive has both distances of an axis underflow to 0 (0 / 0; subnormal inputs only).
   */
  readonly centerness: Float32Array;
}

/**
 * Checks `options` and fills in the defaults.
 * @returns a frozen {@link ResolvedFcosOptions}.
 * @throws {LabelAssignError} on an unknown key; strides that are not positive numbers;
 *   regressRanges that are not one `[lo, hi]` pair (lo <= hi, no NaN) per stride, or omitted with
 *   a number of levels other than 5; a centerSampleRadius <= 0; a non-boolean flag; an
 *   ignoreCoverageThreshold outside [0, 1].
 * @param names the words of the errors: the API's (default), or a config's (the presets name
 *   `assigner.regress_ranges`, and the point generator's `prior_generator.strides`).
 * @example
 * resolveFcosOptions({ strides: [8, 16, 32, 64, 128] }).regressRanges[4]; // [512, 100000000]
 */
export function resolveFcosOptions(options: FcosOptions, namesArgument: OptionNames | string = apiNames(FN)): ResolvedFcosOptions {
  const names = optionNamesArgument('resolveFcosOptions', namesArgument, (name) => apiNames(name), FN);
  const at = (key: string): string => names.option(key);
  const record = checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, record, OPTION_KEYS);
  const rawStrides = record.strides;
  if (!Array.isArray(rawStrides) || rawStrides.length === 0) {
    throw invalidArgument(names, at('strides'), 'a non-empty array with one positive stride per level', rawStrides);
  }
  const strides = Object.freeze(
    Array.from(rawStrides as unknown[], (s, l) => {
      const path = `${at('strides')}[${l}]`;
      const stride = checkNumber(names, path, s, { min: 0, exclusiveMin: true });
      // Points are bucketed into cells of one stride (a stride that is 0 in float32 would double
      // a 0 cell forever) and normOnBbox divides distances by it: the prior generators' range.
      if (!(stride >= MIN_STRIDE && stride <= MAX_COORDINATE)) {
        throw invalidArgument(names, path, `a stride in [${MIN_STRIDE}, ${MAX_COORDINATE}] pixels (distances are divided by it in float32)`, stride);
      }
      return stride;
    }),
  );
  const numLevels = strides.length;
  let regressRanges: readonly (readonly [number, number])[];
  if (record.regressRanges === undefined) {
    if (numLevels !== DEFAULT_FCOS_REGRESS_RANGES.length) {
      throw invalidArgument(
        names,
        at('regressRanges'),
        `given when there are ${numLevels} levels (the default ranges are mmdetection's, for 5 levels)`,
      );
    }
    regressRanges = DEFAULT_FCOS_REGRESS_RANGES;
  } else {
    const raw = record.regressRanges;
    if (!Array.isArray(raw) || raw.length !== numLevels) {
      throw invalidArgument(names, at('regressRanges'), `an array of one [lo, hi] pair per level (${numLevels}, as ${names.mention('strides')})`, raw);
    }
    regressRanges = Object.freeze(
      // Array.from, not map: a hole of a sparse array is a missing pair, not a skipped one.
      Array.from(raw as unknown[], (pair: unknown, l) => {
        const ok =
          Array.isArray(pair) &&
          pair.length === 2 &&
          typeof pair[0] === 'number' &&
          typeof pair[1] === 'number' &&
          !Number.isNaN(pair[0]) &&
          !Number.isNaN(pair[1]) &&
          pair[0] <= pair[1];
        if (!ok) throw invalidArgument(names, `${at('regressRanges')}[${l}]`, 'a [lo, hi] pair of numbers with lo <= hi', pair);
        return Object.freeze([pair[0], pair[1]] as [number, number]);
      }),
    );
  }
  const centerSampling = checkBoolean(names, names.option('centerSampling'), record.centerSampling, false);
  const centerSampleRadius =
    record.centerSampleRadius === undefined ? 1.5 : checkNumber(names, at('centerSampleRadius'), record.centerSampleRadius, { min: 0, exclusiveMin: true });
  // The center region's half-size is the float32 stride * radius: positive and finite on every level.
  strides.forEach((stride, l) => {
    const half = Math.fround(stride * centerSampleRadius);
    if (!(half > 0 && half < Infinity)) {
      throw invalidArgument(
        names,
        at('centerSampleRadius'),
        `a number for which ${names.mention('strides')}[${l}] * ${names.mention('centerSampleRadius')} is positive and finite in float32 (it is ${half})`,
        centerSampleRadius,
      );
    }
  });
  const normOnBbox = checkBoolean(names, names.option('normOnBbox'), record.normOnBbox, false);
  const ignoreCoverageThreshold = checkIgnoreCoverageThreshold(names, at('ignoreCoverageThreshold'), record.ignoreCoverageThreshold);
  return Object.freeze({ strides, regressRanges, centerSampling, centerSampleRadius, normOnBbox, ignoreCoverageThreshold });
}

/** Per level constants of one assignment, float32 where the reference holds them in float32. */
interface LevelConstants {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly lo: Float32Array;
  readonly hi: Float32Array;
  /** fround(stride * radius): the half-size of the center region. */
  readonly radius: Float32Array;
  readonly stride: Float32Array;
}

/**
 * Whether gt `g` is eligible for point `p` of a level: inside (strictly; or strictly inside the
 * center region clipped to the gt) and max(l, t, r, b) in [lo, hi]. Float32 as the reference.
 */
function isEligible(
  points: Float32Array,
  p: number,
  gts: Float32Array,
  g: number,
  lo: number,
  hi: number,
  centerSampling: boolean,
  radius: number,
): boolean {
  const x = points[p * 2];
  const y = points[p * 2 + 1];
  const o = g * 4;
  const x1 = gts[o];
  const y1 = gts[o + 1];
  const x2 = gts[o + 2];
  const y2 = gts[o + 3];
  const l = fround(x - x1);
  const t = fround(y - y1);
  const r = fround(x2 - x);
  const b = fround(y2 - y);
  if (centerSampling) {
    const cx = fround(fround(x1 + x2) / 2);
    const cy = fround(fround(y1 + y2) / 2);
    const xMin = fround(cx - radius);
    const yMin = fround(cy - radius);
    const xMax = fround(cx + radius);
    const yMax = fround(cy + radius);
    const cx1 = xMin > x1 ? xMin : x1;
    const cy1 = yMin > y1 ? yMin : y1;
    const cx2 = xMax > x2 ? x2 : xMax;
    const cy2 = yMax > y2 ? y2 : yMax;
    if (!(fround(x - cx1) > 0 && fround(y - cy1) > 0 && fround(cx2 - x) > 0 && fround(cy2 - y) > 0)) return false;
  } else if (!(l > 0 && t > 0 && r > 0 && b > 0)) {
    return false;
  }
  let maxDistance = l > t ? l : t;
  if (r > maxDistance) maxDistance = r;
  if (b > maxDistance) maxDistance = b;
  return maxDistance >= lo && maxDistance <= hi;
}

/**
 * The reference's dense rule for one point, used only where a gt of area >= INF is eligible
 * (the sentinel then collides with real areas): min over gts of (eligible ? area : INF), first
 * index on ties; positive unless that minimum equals INF. Returns `g` for a positive, `-1 - g`
 * for a background point whose targets are taken from gt `g`.
 */
function denseChoice(points: Float32Array, p: number, gts: Float32Array, areas: Float32Array, lo: number, hi: number, centerSampling: boolean, radius: number): number {
  let best = 0;
  let bestKey = Infinity;
  for (let g = 0; g < areas.length; g++) {
    const key = isEligible(points, p, gts, g, lo, hi, centerSampling, radius) ? areas[g] : FCOS_INF;
    if (g === 0 || key < bestKey) {
      best = g;
      bestKey = key;
    }
  }
  return bestKey === FCOS_INF ? -1 - best : best;
}

/** Finds the points of one level inside a closed box: grid arithmetic or a per-level bucket grid. */
type LevelFinder = (level: number, x1: number, y1: number, x2: number, y2: number, out: Int32Array) => number;

function levelFinder(points: Float32Array, set: PriorSet | null, levels: LevelConstants): LevelFinder {
  if (set !== null) {
    // One single-level view per level, so the grid query visits only the level asked for.
    const views: PriorSet[] = set.levels.map((level) => ({ kind: 'points', priors: set.priors, numPriors: set.numPriors, levels: [level] }));
    return (level, x1, y1, x2, y2, out) => pointsInBoxUnchecked(FN, views[level], x1, y1, x2, y2, out);
  }
  const indexes: (PointIndex | null)[] = [];
  for (let l = 0; l < levels.start.length; l++) {
    // FCOS points sit on a grid of the level stride: cells of one stride hold about one point each.
    indexes.push(levels.count[l] === 0 ? null : new PointIndex(points, levels.start[l], levels.count[l], levels.stride[l]));
  }
  return (level, x1, y1, x2, y2, out) => {
    const index = indexes[level];
    return index === null ? 0 : index.inBox(x1, y1, x2, y2, out);
  };
}

/**
 * FCOS assignment of point priors to ground-truth boxes, exactly as mmdetection's `FCOSHead`
 * computes its targets for one image.
 *
 * Steps (per point p on level L with range [lo, hi], float32 throughout):
 * 1. For every gt: (l, t, r, b) = (x - x1, y - y1, x2 - x, y2 - y).
 * 2. The gt is eligible when p is strictly inside it (min(l, t, r, b) > 0) — or, with
 *    `centerSampling`, strictly inside the center box [cx - s, cy - s, cx + s, cy + s] clipped to
 *    the gt, s = stride(L) * centerSampleRadius, cx = (x1 + x2) / 2 — and lo <= max(l, t, r, b) <= hi.
 * 3. Among the eligible gts the smallest area (x2 - x1) * (y2 - y1) wins; equal areas: the lowest
 *    gt index. No eligible gt: negative. As in the reference, an eligible gt of area >= 1e8 (its
 *    INF sentinel) competes with the sentinel itself: area exactly 1e8 never makes a positive,
 *    and a larger one only when every gt is eligible for p.
 * 4. `bboxTargets` = the distances to the chosen gt (gt 0 for negatives), divided by stride(L)
 *    with `normOnBbox`; `centerness` of the positives from those targets.
 * 5. With `input.ignoreBoxes`, the toolkit's ignore rule: a negative point inside a closed ignore
 *    box becomes ignored (-1); positives never change.
 *
 * Outputs: `label` 1 positive, 0 negative, -1 ignored; `gtIndex` the 0-based gt of positives, -1
 * otherwise; `gtLabel` its class (-1 otherwise); `maxOverlap` = the center-ness of positives and 0
 * elsewhere (FCOS has no IoU; center-ness is its quality measure). No gts: every point negative,
 * zero targets. No points: empty arrays.
 *
 * Sparse: for each gt only the levels whose range can hold its max distance (a point inside the
 * gt has max(l, t, r, b) between max(w, h) / 2 and max(w, h)) are searched, and on those only the
 * points inside the box (grid arithmetic for a PriorSet, per-level buckets of one stride for plain
 * points).
 * Cost O(numPoints + numGts * levels + points inside the boxes); memory O(numPoints + numGts).
 *
 * @param input `priors`: a PriorSet of kind `points` (pointGenerator), or plain points
 *   `[numPoints * 2]` as `[x, y]` with `numLevelPriors`; `gtBoxes` `[numGts * 4]`; optional
 *   `gtLabels` `[numGts]`, `ignoreBoxes` `[numIgnore * 4]`.
 * @throws {LabelAssignError} on bad options (see {@link resolveFcosOptions}); invalid inputs; a
 *   number of levels (numLevelPriors or the PriorSet's) other than the number of strides; a
 *   PriorSet whose level strides differ from `options.strides`.
 * @example
 * const points = pointGenerator({ strides: [8, 16, 32, 64, 128] }).gridPriors([[20, 28], [10, 14], [5, 7], [3, 4], [2, 2]]);
 * const result = assignFcos({ priors: points, gtBoxes: [[16, 16, 80, 60]], gtLabels: [3] }, { strides: [8, 16, 32, 64, 128] });
 * result.label; // 1 for the level-0 points strictly inside the box
 */
export function assignFcos(input: AssignInput, options: FcosOptions): FcosResult {
  const opts = resolveFcosOptions(options);
  const resolved = resolveAssignInput(FN, input, FCOS_INPUTS);
  const numLevelPriors = resolved.numLevelPriors as Int32Array;
  const numLevels = opts.strides.length;
  if (numLevelPriors.length !== numLevels) {
    throw invalidArgument(FN, 'input.numLevelPriors', `one count per level (${numLevels}, as options.strides)`, `${numLevelPriors.length} levels`);
  }
  resolved.set?.levels.forEach((level, l) => {
    if (level.strideX !== opts.strides[l] || level.strideY !== opts.strides[l]) {
      throw invalidArgument(FN, `options.strides[${l}]`, `the prior set's stride on level ${l} (${level.strideX}, ${level.strideY})`, opts.strides[l]);
    }
  });
  return assignFcosResolved(resolved, opts);
}

/**
 * FCOS on checked inputs (see {@link assignFcos}): one level count per stride, a prior set's
 * strides equal to the options'.
 * @internal for the presets, which validate once per image.
 */
export function assignFcosResolved(resolved: ResolvedAssignInput, opts: ResolvedFcosOptions): FcosResult {
  const { priors: points, numPriors: n, set, gtBoxes: gts, numGts, gtLabels } = resolved;
  const numLevelPriors = resolved.numLevelPriors as Int32Array;
  const numLevels = opts.strides.length;

  const gtIndex = new Int32Array(n).fill(-1);
  const label = new Int8Array(n).fill(NEGATIVE);
  const gtLabel = new Int32Array(n).fill(-1);
  const maxOverlap = new Float32Array(n);
  const bboxTargets = new Float32Array(n * 4);
  const centerness = new Float32Array(n);

  const levels: LevelConstants = {
    start: new Int32Array(numLevels),
    count: Int32Array.from(numLevelPriors),
    lo: Float32Array.from(opts.regressRanges, (r) => r[0]),
    hi: Float32Array.from(opts.regressRanges, (r) => r[1]),
    radius: Float32Array.from(opts.strides, (s) => s * opts.centerSampleRadius),
    stride: Float32Array.from(opts.strides),
  };
  for (let l = 1; l < numLevels; l++) levels.start[l] = levels.start[l - 1] + levels.count[l - 1];

  if (n > 0 && numGts > 0) {
    const { centerSampling } = opts;
    const areas = new Float32Array(numGts);
    let anyHuge = false;
    for (let g = 0; g < numGts; g++) {
      const o = g * 4;
      areas[g] = boxArea(gts, o);
      if (areas[g] >= FCOS_INF) anyHuge = true;
    }
    // Per point: the best eligible gt so far (smallest area, then lowest index) with area < INF.
    const bestArea = new Float32Array(n).fill(FCOS_INF);
    const best = new Int32Array(n).fill(-1);
    // Points for which a gt of area >= INF was eligible: resolved by the dense rule afterwards.
    const huge = anyHuge ? new Uint8Array(n) : null;
    const find = levelFinder(points, set, levels);
    const found = new Int32Array(n);
    for (let g = 0; g < numGts; g++) {
      const o = g * 4;
      const x1 = gts[o];
      const y1 = gts[o + 1];
      const x2 = gts[o + 2];
      const y2 = gts[o + 3];
      const area = areas[g];
      const w = fround(x2 - x1);
      const h = fround(y2 - y1);
      if (!(w > 0 && h > 0)) continue; // nothing is strictly inside a degenerate box
      // A point strictly inside has max(l, t, r, b) in [max(w, h) / 2, max(w, h)] (up to rounding).
      const maxSide = w > h ? w : h;
      const lowest = maxSide * 0.5 * (1 - 2 ** -20) - 1e-40;
      for (let l = 0; l < numLevels; l++) {
        const lo = levels.lo[l];
        const hi = levels.hi[l];
        if (levels.count[l] === 0 || hi < lowest || lo > maxSide) continue;
        const radius = levels.radius[l];
        const count = find(l, x1, y1, x2, y2, found);
        for (let k = 0; k < count; k++) {
          const p = found[k];
          if (!isEligible(points, p, gts, g, lo, hi, centerSampling, radius)) continue;
          if (area < bestArea[p]) {
            bestArea[p] = area;
            best[p] = g;
          } else if (huge !== null && area >= FCOS_INF) {
            huge[p] = 1;
          }
        }
      }
    }

    const norm = opts.normOnBbox;
    for (let l = 0; l < numLevels; l++) {
      const stride = levels.stride[l];
      for (let p = levels.start[l], end = p + levels.count[l]; p < end; p++) {
        let g = best[p];
        let positive = g >= 0;
        if (!positive) {
          g = 0;
          if (huge !== null && huge[p] === 1) {
            const choice = denseChoice(points, p, gts, areas, levels.lo[l], levels.hi[l], centerSampling, levels.radius[l]);
            positive = choice >= 0;
            g = positive ? choice : -1 - choice;
          }
        }
        const o = g * 4;
        const x = points[p * 2];
        const y = points[p * 2 + 1];
        let left = fround(x - gts[o]);
        let top = fround(y - gts[o + 1]);
        let right = fround(gts[o + 2] - x);
        let bottom = fround(gts[o + 3] - y);
        if (norm) {
          left = fround(left / stride);
          top = fround(top / stride);
          right = fround(right / stride);
          bottom = fround(bottom / stride);
        }
        const q = p * 4;
        bboxTargets[q] = left;
        bboxTargets[q + 1] = top;
        bboxTargets[q + 2] = right;
        bboxTargets[q + 3] = bottom;
        if (positive) {
          const lr = fround((left < right ? left : right) / (left > right ? left : right));
          const tb = fround((top < bottom ? top : bottom) / (top > bottom ? top : bottom));
          const c = fround(Math.sqrt(fround(lr * tb)));
          centerness[p] = c;
          maxOverlap[p] = c;
          label[p] = POSITIVE;
          gtIndex[p] = g;
          gtLabel[p] = gtLabels[g];
        }
      }
    }
  }

  excludeInvalidPriors(resolved.validFlags, label, gtIndex, gtLabel, maxOverlap, 0);
  for (let p = 0; resolved.validFlags !== null && p < n; p++) if (resolved.validFlags[p] === 0) centerness[p] = 0;
  applyIgnoreCoverage(points, true, resolved.ignoreBoxes, opts.ignoreCoverageThreshold, label, gtIndex, gtLabel);
  return freezeResult({ numGts, gtIndex, label, gtLabel, maxOverlap, bboxTargets, centerness });
}
