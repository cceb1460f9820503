/**
 * The one ignore-region rule of label-assign for every assigner whose reference has none of its
 * own (MaxIoU and ATSS follow mmdetection's own rules instead; see their docs).
 *
 * Rule: a prior that is not positive becomes ignored (-1) when it lies in an ignore region:
 * for box priors, when its intersection with some ignore box covers more than `iofThreshold`
 * of the prior's own area (IoF > threshold); for point priors, when the point lies inside some
 * ignore box (closed box; an ignore box of zero area has no inside and ignores nothing).
 * Positives are never changed: an object matched on purpose stays
 * matched even when it overlaps a crowd region; only the "background" votes near crowds and
 * "difficult" objects are withheld from the loss.
 */
import { invalidArgument, type ErrorSource } from '../errors.js';
import { iofOfPair } from '../geometry/overlaps.js';
import { BoxIndex } from '../geometry/priors/candidates.js';
import { checkNumber, checkUnitInterval } from '../validate.js';
import { IGNORED, POSITIVE } from './assign-result.js';

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
 * Applies the rule in place to `label`, `gtIndex` and `gtLabel` (arrays the caller has just
 * allocated for its result). Cost: nothing without ignore boxes; otherwise one comparison
 * per prior plus, for the priors near the ignore boxes, a test against each of them (an
 * R-tree query when there are more than 16).
 * @param priors `[n * 4]` boxes, or `[n * 2]` points when `points` is true.
 * @param ignoreBoxes `[m * 4]` ignore regions.
 */
export function applyIgnoreRegions(
  priors: Float32Array,
  points: boolean,
  ignoreBoxes: Float32Array,
  iofThreshold: number,
  label: Int8Array,
  gtIndex: Int32Array,
  gtLabel: Int32Array,
): void {
  if (ignoreBoxes.length === 0) return;
  if (!(iofThreshold >= 0 && iofThreshold <= 1)) throw invalidArgument('applyIgnoreRegions', 'iofThreshold', 'a number in [0, 1]', iofThreshold);
  const width = points ? 2 : 4;
  const n = priors.length / width;
  const eps = Math.fround(1e-6);
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
      const area = Math.fround(Math.fround(priors[o + 2] - priors[o]) * Math.fround(priors[o + 3] - priors[o + 1]));
      if (index === null) {
        for (let b = 0; b < boxes.length && !inside; b += 4) inside = iofOfPair(priors, o, area, boxes, b, eps) > threshold;
      } else {
        const count = index.overlapping(priors[o], priors[o + 1], priors[o + 2], priors[o + 3], found);
        for (let k = 0; k < count && !inside; k++) inside = iofOfPair(priors, o, area, boxes, found[k] * 4, eps) > threshold;
      }
    }
    if (inside) {
      label[p] = IGNORED;
      gtIndex[p] = -1;
      gtLabel[p] = -1;
    }
  }
}
