/**
 * Valid flags of a prior set for one padded image: a prior is valid when its location lies
 * inside the part of the feature map that covers the image's padded area.
 *
 * The rule of mmdetection 3.x `AnchorGenerator.valid_flags` / `MlvlPointGenerator.valid_flags`
 * (shared by the SSD and YOLO generators): `validH = min(ceil(padH / strideH), featH)`,
 * `validW = min(ceil(padW / strideW), featW)`; location `(row, col)` is valid iff
 * `row < validH && col < validW`, for each of its priors.
 */
import { invalidArgument } from '../../errors.js';
import { checkNumber } from '../../validate.js';
import { checkPriorSet, type PriorSet } from './prior-set.js';

/**
 * Flags the priors whose grid location covers the padded image (1) or lies beyond it (0).
 * @param set a prior set from any generator (anchors or points).
 * @param padShape `[height, width]` of the padded image (not the batch input), non-negative.
 * @returns `[numPriors]` of 0/1, in the prior order of `set`.
 * @throws {LabelAssignError} when `padShape` is not a `[height, width]` pair of finite
 *   non-negative numbers.
 * @example
 * const set = anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[8, 12]]);
 * validFlags(set, [58, 82]); // Uint8Array [96]: rows 0..7 valid, columns 0..10 valid, column 11 not
 */
export function validFlags(set: PriorSet, padShape: readonly [number, number]): Uint8Array {
  const fn = 'validFlags';
  checkPriorSet(fn, 'set', set);
  if (!Array.isArray(padShape) || padShape.length !== 2) {
    throw invalidArgument(fn, 'padShape', 'a [height, width] pair of non-negative numbers', padShape);
  }
  const padH = checkNumber(fn, 'padShape[0]', padShape[0], { min: 0 });
  const padW = checkNumber(fn, 'padShape[1]', padShape[1], { min: 0 });
  const out = new Uint8Array(set.numPriors);
  for (const level of set.levels) {
    // A level without priors (a zero dimension) has no row to flag, however tall it is.
    if (level.count === 0) continue;
    const validH = Math.min(Math.ceil(padH / level.strideY), level.featHeight);
    const validW = Math.min(Math.ceil(padW / level.strideX), level.featWidth);
    const rowLength = level.featWidth * level.numBasePriors;
    const validLength = validW * level.numBasePriors;
    for (let row = 0; row < validH; row++) {
      const rowStart = level.start + row * rowLength;
      out.fill(1, rowStart, rowStart + validLength);
    }
  }
  return out;
}
