/**
 * Ignore regions (crowds, "difficult" objects): the two rules of label-assign, each written
 * once, each with its own option.
 *
 * 1. The reference's rule (mmdetection's `ignore_iof_thr`, option `ignoreIofThreshold`, default
 *    -1 = off), used by MaxIoU, ApproxMaxIoU and ATSS: {@link findIgnoredByIof} marks the priors
 *    whose IoF with some ignore box is `>` the threshold; the strategy then takes them out
 *    BEFORE it assigns (MaxIoU: IoU -1 with every gt; ATSS: distance 1e8), as the reference does.
 * 2. The toolkit's rule (option `ignoreCoverageThreshold`, default 0.5), for every strategy whose
 *    reference has none: {@link applyIgnoreCoverage} runs AFTER the assignment. A prior that is
 *    not positive becomes ignored (-1) when an ignore box covers more than the threshold of its
 *    own area (IoF > threshold); a point prior, when it lies inside some ignore box (closed box;
 *    an ignore box of zero area has no inside and ignores nothing). Positives are never changed:
 *    an object matched on purpose stays matched even when it overlaps a crowd region; only the
 *    "background" votes near crowds and "difficult" objects are withheld from the loss.
 */
import { invalidArgument, type ErrorSource } from '../errors.js';
import { boxArea } from '../geometry/float32.js';
import { iofOfPair } from '../geometry/overlaps.js';
import { BoxIndex, type PriorFinder } from '../geometry/priors/candidates.js';
import { checkNumber, checkUnitInterval } from '../validate.js';
import { IGNORED, POSITIVE } from './assign-result.js';

/** `bbox_overlaps`' default eps, as float32. */
const EPS = Math.fround(1e-6);

/** Default of the toolkit rule's `ignoreCoverageThreshold`. */
export const DEFAULT_IGNORE_COVERAGE_THRESHOLD = 0.5;

/**
 * Reads the toolkit rule's option `ignoreCoverageThreshold`: a number in [0, 1], default
 * {@link DEFAULT_IGNORE_COVERAGE_THRESHOLD}.
 * @throws {LabelAssignError} `fn: path must be a number in [0, 1], but was 2`.
 * @example checkIgnoreCoverageThreshold('assignFcos', 'ignoreCoverageThreshold', undefined); // 0.5
 */
export function checkIgnoreCoverageThreshold(fn: ErrorSource, path: string, value: unknown): number {
  return checkUnitInterval(fn, path, value, DEFAULT_IGNORE_COVERAGE_THRESHOLD);
}

/** Default of the reference rule's `ignoreIofThreshold`: -1, the rule is off (mmdetection's default). */
export const DEFAULT_IGNORE_IOF_THRESHOLD = -1;

/**
 * Reads the reference rule's option `ignoreIofThreshold` (mmdetection `ignore_iof_thr`): a
 * number <= 1; any value <= 0 switches the rule off, as in the reference. Default -1.
 * @throws {LabelAssignError} `fn: path must be a number <= 1, but was 1.5`.
 * @example checkIgnoreIofThreshold('assignAtss', 'ignoreIofThreshold', 0.5); // 0.5
 */
export function checkIgnoreIofThreshold(fn: ErrorSource, path: string, value: unknown): number {
  return value === undefined ? DEFAULT_IGNORE_IOF_THRESHOLD : checkNumber(fn, path, value, { max: 1 });
}

/**
 * The reference's rule: marks the priors whose largest IoF with the ignore boxes is `>
 * threshold`. IoF is intersection / prior area (`wrtCandidates`, mmdetection's default) or
 * intersection / ignore-box area, areas clamped to at least 1e-6, in float32. Only the priors
 * that intersect an ignore box are visited (IoF is 0 elsewhere).
 * @param priors `[numPriors * 4]` the boxes the rule is measured against (priors, or squares).
 * @param finder finds the priors intersecting a box; called only when the rule runs.
 * @returns `[numPriors]` 1 = ignored, or null when the rule is off (`threshold <= 0`), there are
 *   no ignore boxes or no priors.
 */
export function findIgnoredByIof(
  priors: Float32Array,
  finder: () => PriorFinder,
  ignoreBoxes: Float32Array,
  threshold: number,
  wrtCandidates = true,
): Uint8Array | null {
  const numPriors = priors.length >> 2;
  if (!(threshold > 0) || ignoreBoxes.length === 0 || numPriors === 0) return null;
  const thr = Math.fround(threshold);
  const find = finder();
  const ignored = new Uint8Array(numPriors);
  const found = new Int32Array(numPriors);
  for (let o = 0; o < ignoreBoxes.length; o += 4) {
    const ignoreArea = boxArea(ignoreBoxes, o);
    const n = find.find(ignoreBoxes[o], ignoreBoxes[o + 1], ignoreBoxes[o + 2], ignoreBoxes[o + 3], found);
    for (let k = 0; k < n; k++) {
      const p = found[k];
      if (ignored[p] !== 0) continue;
      const q = p << 2;
      const iof = wrtCandidates ? iofOfPair(priors, q, boxArea(priors, q), ignoreBoxes, o, EPS) : iofOfPair(ignoreBoxes, o, ignoreArea, priors, q, EPS);
      if (iof > thr) ignored[p] = 1;
    }
  }
  return ignored;
}

/**
 * The toolkit's rule, in place on `label`, `gtIndex` and `gtLabel` (arrays the caller has just
 * allocated for its result). Cost: nothing without ignore boxes; otherwise one comparison
 * per prior plus, for the priors near the ignore boxes, a test against each of them (an
 * R-tree query when there are more than 16).
 * @param priors `[n * 4]` boxes, or `[n * 2]` points when `points` is true.
 * @param ignoreBoxes `[m * 4]` ignore regions.
 */
export function applyIgnoreCoverage(
  priors: Float32Array,
  points: boolean,
  ignoreBoxes: Float32Array,
  iofThreshold: number,
  label: Int8Array,
  gtIndex: Int32Array,
  gtLabel: Int32Array,
): void {
  if (ignoreBoxes.length === 0) return;
  if (!(iofThreshold >= 0 && iofThreshold <= 1)) throw invalidArgument('applyIgnoreCoverage', 'iofThreshold', 'a number in [0, 1]', iofThreshold);
  const width = points ? 2 : 4;
  const n = priors.length / width;
  const threshold = Math.fround(iofThreshold);
  // Ignore boxes of zero area have no inside: drop them. The rest are few per image (crowds,
  // difficult objects), so each prior is first tested against their common bounding box
  // (one comparison rejects most priors), then against the boxes themselves; many ignore
  // boxes go through an R-tree instead.
  const kept: number[] = [];
  let ux1 = Infinity;
  let uy1 = Infinity;
  let ux2 = -Infinity;
  let uy2 = -Infinity;
  for (let b = 0; b < ignoreBoxes.length; b += 4) {
    if (!(ignoreBoxes[b + 2] > ignoreBoxes[b] && ignoreBoxes[b + 3] > ignoreBoxes[b + 1])) continue;
    kept.push(ignoreBoxes[b], ignoreBoxes[b + 1], ignoreBoxes[b + 2], ignoreBoxes[b + 3]);
    ux1 = Math.min(ux1, ignoreBoxes[b]);
    uy1 = Math.min(uy1, ignoreBoxes[b + 1]);
    ux2 = Math.max(ux2, ignoreBoxes[b + 2]);
    uy2 = Math.max(uy2, ignoreBoxes[b + 3]);
  }
  if (kept.length === 0) return;
  const boxes = Float32Array.from(kept);
  const m = boxes.length / 4;
  const index = m > 16 ? new BoxIndex(boxes) : null;
  const found = new Int32Array(m);
  for (let p = 0; p < n; p++) {
    if (label[p] === POSITIVE) continue;
    const o = p * width;
    let inside = false;
    if (points) {
      const x = priors[o];
      const y = priors[o + 1];
      if (x < ux1 || x > ux2 || y < uy1 || y > uy2) continue;
      for (let b = 0; b < boxes.length && !inside; b += 4) inside = x >= boxes[b] && x <= boxes[b + 2] && y >= boxes[b + 1] && y <= boxes[b + 3];
    } else {
      if (priors[o + 2] <= ux1 || priors[o] >= ux2 || priors[o + 3] <= uy1 || priors[o + 1] >= uy2) continue;
      const area = boxArea(priors, o);
      if (index === null) {
        for (let b = 0; b < boxes.length && !inside; b += 4) inside = iofOfPair(priors, o, area, boxes, b, EPS) > threshold;
      } else {
        const count = index.overlapping(priors[o], priors[o + 1], priors[o + 2], priors[o + 3], found);
        for (let k = 0; k < count && !inside; k++) inside = iofOfPair(priors, o, area, boxes, found[k] * 4, EPS) > threshold;
      }
    }
    if (inside) {
      label[p] = IGNORED;
      gtIndex[p] = -1;
      gtLabel[p] = -1;
    }
  }
}
