/**
 * A dense, literal model of mmdetection's MaxIoUAssigner from the IoU matrix on, for checking the
 * sparse kernels (MaxIoU, ApproxMaxIoU) against: the whole `[numGts, numCandidates]` matrix in
 * float32, the ignore rule, then `assign_wrt_overlaps` step by step.
 */
import type { MaxIoUResult, ResolvedMaxIoUOptions } from '../../src/assigners/max-iou.js';
import { pairwiseOverlapsInto } from '../../src/geometry/overlaps.js';

const f = Math.fround;

/** The dense model's outputs: mmdetection's 1-based `gt_inds` (0 negative, -1 ignored), `max_overlaps`, and each gt's best overlap. */
export interface DenseWrtOverlaps {
  readonly gtInds: Int32Array;
  readonly maxOverlaps: Float32Array;
  readonly gtMax: Float32Array;
}

/**
 * Assigns on the dense `overlaps` (`[k * n]`, gt-major, k and n both > 0) of the `n` boxes
 * `candidates` (`[n * 4]`):
 * 1. when `ignoreIofThreshold > 0` and there are ignore boxes, a candidate whose best IoF with
 *    them (of the candidate, or of the ignore box with `ignoreWrtCandidates` false) exceeds the
 *    threshold gets overlap -1 with every gt (in place: `overlaps` is modified);
 * 2. per candidate the max overlap and its first argmax gt; per gt its max and first argmax;
 * 3. negatives: max in `[0, neg)` or in the `[lo, hi)` pair;
 * 4. positives: max >= positiveIouThreshold, to the argmax gt;
 * 5. with matchLowQuality, each gt whose max >= minPositiveIou takes its argmax candidate, or with
 *    gtMaxAssignAll every candidate at that max (later gts win).
 */
export function denseAssignWrtOverlaps(overlaps: Float32Array, candidates: Float32Array, ignore: Float32Array, o: ResolvedMaxIoUOptions): DenseWrtOverlaps {
  const n = candidates.length / 4;
  const k = overlaps.length / n;
  if (o.ignoreIofThreshold > 0 && ignore.length > 0) {
    const m = ignore.length / 4;
    const iof = o.ignoreWrtCandidates
      ? pairwiseOverlapsInto(candidates, ignore, new Float32Array(n * m), { mode: 'iof' }) // [n, m]
      : pairwiseOverlapsInto(ignore, candidates, new Float32Array(m * n), { mode: 'iof' }); // [m, n]
    for (let p = 0; p < n; p++) {
      let best = -Infinity;
      for (let j = 0; j < m; j++) best = Math.max(best, o.ignoreWrtCandidates ? iof[p * m + j] : iof[j * n + p]);
      if (best > f(o.ignoreIofThreshold)) for (let i = 0; i < k; i++) overlaps[i * n + p] = -1;
    }
  }
  const maxOverlaps = new Float32Array(n);
  const argmax = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    let best = overlaps[p];
    for (let i = 1; i < k; i++) {
      if (overlaps[i * n + p] > best) {
        best = overlaps[i * n + p];
        argmax[p] = i;
      }
    }
    maxOverlaps[p] = best;
  }
  const gtMax = new Float32Array(k);
  const gtArgmax = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    let best = overlaps[i * n];
    for (let p = 1; p < n; p++) {
      if (overlaps[i * n + p] > best) {
        best = overlaps[i * n + p];
        gtArgmax[i] = p;
      }
    }
    gtMax[i] = best;
  }
  const gtInds = new Int32Array(n).fill(-1);
  const neg = o.negativeIouThreshold;
  const [lo, hi] = typeof neg === 'number' ? [0, f(neg)] : [f(neg[0]), f(neg[1])];
  for (let p = 0; p < n; p++) if (maxOverlaps[p] >= lo && maxOverlaps[p] < hi) gtInds[p] = 0;
  for (let p = 0; p < n; p++) if (maxOverlaps[p] >= f(o.positiveIouThreshold)) gtInds[p] = argmax[p] + 1;
  if (o.matchLowQuality) {
    for (let i = 0; i < k; i++) {
      if (!(gtMax[i] >= f(o.minPositiveIou))) continue;
      if (o.gtMaxAssignAll) {
        for (let p = 0; p < n; p++) if (overlaps[i * n + p] === gtMax[i]) gtInds[p] = i + 1;
      } else {
        gtInds[gtArgmax[i]] = i + 1;
      }
    }
  }
  return { gtInds, maxOverlaps, gtMax };
}

/** mmdetection's 1-based gt_inds of a toolkit result. */
export function gtInds(result: MaxIoUResult): number[] {
  return Array.from(result.label, (l, p) => (l === 1 ? result.gtIndex[p] + 1 : l));
}
