/**
 * YOLOv3 anchor generator: per level a fixed list of `[w, h]` anchor sizes centered in the first
 * cell, repeated over the grid; plus the YOLOv3 head's "responsible cell" flags.
 *
 * Port of mmdetection 3.x `YOLOAnchorGenerator` (mmdet/models/task_modules/prior_generators/
 * anchor_generator.py) and `YOLOV3Head.responsible_flags` (mmdet/models/dense_heads/
 * yolo_head.py; in 3.x it moved from the generator to the head).
 */
import { invalidArgument } from '../../errors.js';
import { apiNames, checkKnownKeys, checkObject, denseArray, optionNamesArgument, toBoxes, type BoxesInput, type OptionNames } from '../../validate.js';
import {
  checkLevelCount,
  checkPair,
  checkPositive,
  makeGridAnchorGenerator,
  resolveStrides,
  type GridAnchorGenerator,
  type StrideOption,
} from './anchor-generator.js';
import { checkPriorSet, type PriorSet } from './prior-set.js';

const fround = Math.fround;

/** A YOLO anchor size: one number (a square) or `[w, h]`, in pixels. */
export type YOLOBaseSize = number | readonly [number, number];

/** Options of {@link yoloAnchorGenerator}; names follow mmdetection's, in camelCase. */
export interface YOLOAnchorGeneratorOptions {
  /** Per level stride in pixels: a number, or `[strideW, strideH]`. */
  readonly strides: readonly StrideOption[];
  /** Per level anchor sizes; every level has the same number of them. */
  readonly baseSizes: readonly (readonly YOLOBaseSize[])[];
}

/** {@link YOLOAnchorGeneratorOptions}, checked, sizes as `[w, h]` pairs. */
export interface ResolvedYOLOAnchorGeneratorOptions {
  /** Per level `[strideW, strideH]`. */
  readonly strides: readonly (readonly [number, number])[];
  /** Per level `[w, h]` anchor sizes. */
  readonly baseSizes: readonly (readonly (readonly [number, number])[])[];
  /** Per level base anchor center `[strideW / 2, strideH / 2]`. */
  readonly centers: readonly (readonly [number, number])[];
}

/** A frozen YOLOv3 anchor generator; see {@link yoloAnchorGenerator}. */
export type YOLOAnchorGenerator = GridAnchorGenerator<ResolvedYOLOAnchorGeneratorOptions>;

const FN = 'yoloAnchorGenerator';
const API_NAMES = apiNames(FN);

/**
 * Checks `options`.
 * @throws {LabelAssignError} on an unknown key, a bad stride or size, `baseSizes` with a
 *   length other than `strides`, or levels with different numbers of sizes.
 * @param names the words of the errors: the API's (default) or a config's.
 * @example
 * resolveYOLOAnchorGeneratorOptions({ strides: [32], baseSizes: [[[116, 90], 64]] }).baseSizes; // [[[116, 90], [64, 64]]]
 */
export function resolveYOLOAnchorGeneratorOptions(options: YOLOAnchorGeneratorOptions, namesArgument: OptionNames | string = API_NAMES): ResolvedYOLOAnchorGeneratorOptions {
  const names = optionNamesArgument('resolveYOLOAnchorGeneratorOptions', namesArgument, (name) => apiNames(name), FN);
  const sizesPath = names.option('baseSizes');
  const record = checkObject(names, names.section, options);
  checkKnownKeys(names, names.section, record, ['strides', 'baseSizes']);
  const strides = resolveStrides(names, record.strides);
  const list = denseArray(names, sizesPath, record.baseSizes, 'an array with one list of [w, h] sizes per level');
  checkLevelCount(names, 'baseSizes', list, strides.length, 'lists of sizes');
  let perLevel = -1;
  const baseSizes = list.map((levelSizes: unknown, l) => {
    if (!Array.isArray(levelSizes) || levelSizes.length === 0) {
      throw invalidArgument(names, `${sizesPath}[${l}]`, 'a non-empty array of [w, h] sizes', levelSizes);
    }
    if (perLevel === -1) perLevel = levelSizes.length;
    if (levelSizes.length !== perLevel) {
      throw invalidArgument(
        names,
        `${sizesPath}[${l}]`,
        `an array of ${perLevel} sizes, like ${names.mention('baseSizes')}[0] (every level has the same number of anchors)`,
        levelSizes,
      );
    }
    return Object.freeze(
      Array.from(levelSizes as unknown[], (size: unknown, i): readonly [number, number] => {
        const path = `${sizesPath}[${l}][${i}]`;
        if (Array.isArray(size)) return checkPair(names, path, size, 'a positive number or a [w, h] pair', true);
        const s = checkPositive(names, path, size);
        return Object.freeze([s, s] as const);
      }),
    );
  });
  return Object.freeze({
    strides,
    baseSizes: Object.freeze(baseSizes),
    centers: Object.freeze(strides.map(([w, h]) => Object.freeze([w / 2, h / 2] as const))),
  });
}

/**
 * Creates a YOLOv3 anchor generator (mmdetection `YOLOAnchorGenerator`). Base anchor of size
 * `[w, h]` on a level: `[xc - w/2, yc - h/2, xc + w/2, yc + h/2]` with `(xc, yc) = stride / 2`,
 * computed in double and rounded to float32 (as `torch.Tensor([...])`).
 * @returns a frozen generator; `baseAnchors[level]` is `[numBasePriors * 4]`.
 * @throws {LabelAssignError} as {@link resolveYOLOAnchorGeneratorOptions}.
 * @example
 * const yolo = yoloAnchorGenerator({
 *   strides: [32, 16, 8],
 *   baseSizes: [[[116, 90], [156, 198], [373, 326]], [[30, 61], [62, 45], [59, 119]], [[10, 13], [16, 30], [33, 23]]],
 * });
 * yolo.gridPriors([[10, 10], [20, 20], [40, 40]]).numPriors; // 6300
 */
export function yoloAnchorGenerator(options: YOLOAnchorGeneratorOptions): YOLOAnchorGenerator {
  return yoloAnchorGeneratorWithNames(options, API_NAMES);
}

/**
 * {@link yoloAnchorGenerator} with its errors in `names` (a config's keys).
 * @internal for the presets and the interop layer.
 * @example yoloAnchorGeneratorWithNames({ strides: [32], baseSizes: [[[116, 90]]] }, apiNames('yoloAnchorGenerator')).numBasePriors; // [1]
 */
export function yoloAnchorGeneratorWithNames(options: YOLOAnchorGeneratorOptions, names: OptionNames): YOLOAnchorGenerator {
  const resolved = resolveYOLOAnchorGeneratorOptions(options, names);
  const baseAnchors = resolved.baseSizes.map((sizes, l) => {
    const [xc, yc] = resolved.centers[l];
    const out = new Float32Array(sizes.length * 4);
    sizes.forEach(([w, h], i) => {
      out[i * 4] = xc - 0.5 * w;
      out[i * 4 + 1] = yc - 0.5 * h;
      out[i * 4 + 2] = xc + 0.5 * w;
      out[i * 4 + 3] = yc + 0.5 * h;
    });
    return out;
  });
  return makeGridAnchorGenerator(FN, resolved, resolved.strides, baseAnchors, names);
}

/**
 * YOLOv3's responsible flags (mmdetection `YOLOV3Head.responsible_flags`): on every level, the
 * grid cell that contains a gt box's center is responsible for it, with all its base anchors.
 * In float32: `cx = (x1 + x2) * 0.5`, `col = floor(cx / strideW)`, likewise the row.
 *
 * Difference from the reference: a center whose cell lies outside a level's grid (column or
 * row < 0 or >= the feature map size) is skipped here. The reference indexes the flattened
 * grid with `row * featW + col`, so it silently flags a cell of the next/previous row when only
 * the column is out of range, wraps around for small negative indices, and crashes beyond.
 * @param set an anchor prior set (from {@link yoloAnchorGenerator} or any anchor generator).
 * @param gtBoxes gt boxes `[numGts * 4]` as `[x1, y1, x2, y2]` (or rows / ndarray).
 * @returns `[numPriors]` of 0/1, in the prior order of `set`.
 * @throws {LabelAssignError} when `set` is not an anchor set, or on malformed, non-finite or
 *   inverted gt boxes.
 * @example
 * const set = yolo.gridPriors([[10, 10], [20, 20], [40, 40]]);
 * responsibleFlags(set, [[90.95, 151.63, 190.74, 209.02]]); // Uint8Array [6300], 3 ones per level
 */
export function responsibleFlags(set: PriorSet, gtBoxes: BoxesInput): Uint8Array {
  const fn = 'responsibleFlags';
  checkPriorSet(fn, 'set', set);
  if (set.kind !== 'anchors') throw invalidArgument(fn, 'set', "an anchor prior set (kind 'anchors')", set.kind);
  const boxes = toBoxes(fn, 'gtBoxes', gtBoxes);
  const out = new Uint8Array(set.numPriors);
  for (const level of set.levels) {
    const featW = level.featWidth;
    const featH = level.featHeight;
    const numBase = level.numBasePriors;
    const strideX = fround(level.strideX);
    const strideY = fround(level.strideY);
    for (let i = 0; i < boxes.length; i += 4) {
      const cx = fround(boxes[i] + boxes[i + 2]) * 0.5;
      const cy = fround(boxes[i + 1] + boxes[i + 3]) * 0.5;
      const col = Math.floor(fround(cx / strideX));
      const row = Math.floor(fround(cy / strideY));
      if (col < 0 || col >= featW || row < 0 || row >= featH) continue;
      const first = level.start + (row * featW + col) * numBase;
      out.fill(1, first, first + numBase);
    }
  }
  return out;
}
