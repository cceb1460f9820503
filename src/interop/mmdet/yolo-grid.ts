/**
 * Family `yolo_grid`: mmdetection's `YOLOV3Head` targets (`responsible_flags`, then
 * `_get_targets_single` with `GridAssigner`, `PseudoSampler` and `YOLOBBoxCoder`). Translates the
 * head's snake_case config and runs {@link assignYoloV3GridResolved} with the reference's own
 * responsible flags.
 *
 * Reference rule kept here only: the reference flags the cell at flat index
 * `row * featW + col` with torch indexing, so a center right of the last column flags the first
 * cell of the next row, and a small negative index wraps from the end of the grid (a larger
 * one makes the reference crash; so does this runner). The public `responsibleFlags` flags
 * nothing for such a center instead.
 */
import { assignYoloV3GridResolved, resolveYoloV3GridOptions, type YoloV3GridOptions, type YoloV3Result } from '../../assigners/yolov3-grid.js';
import { resolveAssignInput } from '../../assigners/inputs.js';
import { invalidArgument, LabelAssignError } from '../../errors.js';
import type { FeatmapSize } from '../../geometry/priors/anchor-generator.js';
import type { PriorSet } from '../../geometry/priors/prior-set.js';
import { yoloAnchorGeneratorWithNames, type YOLOAnchorGeneratorOptions } from '../../geometry/priors/yolo-anchor-generator.js';
import { checkKnownKeys, checkObject } from '../../validate.js';
import { readMatrix, toList, toRows, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { toGtInds } from './assign-result.js';
import { checkNeutralKeys, configKeys, configNames, GENERATOR_KEYS, HEAD_KEYS, NEUTRAL_KEYS, translate } from './config-keys.js';

const FAMILY = 'yolo_grid';
const TYPES = ['YOLOV3Head'] as const;
const FN = 'eval-cases';
const fround = Math.fround;

function checkType(path: string, value: Record<string, unknown>, type: string): void {
  if (value.type !== type) throw invalidArgument(FN, `${path}.type`, `'${type}'`, value.type);
}

/**
 * `YOLOV3Head.responsible_flags` exactly, index wrapping included (see the module doc).
 * @throws {LabelAssignError} where the reference raises an IndexError.
 */
function referenceResponsibleFlags(set: PriorSet, gtBoxes: Float32Array): Uint8Array {
  const out = new Uint8Array(set.numPriors);
  set.levels.forEach((level, l) => {
    const featW = level.featWidth;
    const cells = level.featHeight * featW;
    const numBase = level.numBasePriors;
    const sx = fround(level.strideX);
    const sy = fround(level.strideY);
    for (let i = 0; i < gtBoxes.length; i += 4) {
      const cx = fround(fround(gtBoxes[i] + gtBoxes[i + 2]) * 0.5);
      const cy = fround(fround(gtBoxes[i + 1] + gtBoxes[i + 3]) * 0.5);
      let cell = Math.floor(fround(cy / sy)) * featW + Math.floor(fround(cx / sx));
      if (cell < -cells || cell >= cells) {
        throw new LabelAssignError(
          'unsupported',
          `inputs.gt_bboxes[${i / 4}]`,
          `${FN}: inputs.gt_bboxes[${i / 4}] has its center's cell index ${cell} outside level ${l}'s grid of ${cells} cells (the reference raises an IndexError)`,
        );
      }
      if (cell < 0) cell += cells;
      const first = level.start + cell * numBase;
      out.fill(1, first, first + numBase);
    }
  });
  return out;
}

function samePriors(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runner for `YOLOV3Head` cases; outputs `responsible_flags`, the assign result, `pos_inds`, `pos_target_map`, `neg_map`. */
export const yoloGridRunner: FamilyRunner = {
  family: FAMILY,
  types: TYPES,
  integerKeys: ['responsible_flags', 'gt_inds', 'labels', 'pos_inds', 'neg_map'],
  prepare({ config, inputs }): PreparedCase<YoloV3Result> {
    if (config.type !== 'YOLOV3Head') throw unsupportedType(FAMILY, config.type, TYPES);
    checkKnownKeys(FN, 'config', config, ['type', 'num_classes', 'featmap_strides', 'one_hot_smoother', 'anchor_generator', 'bbox_coder', 'train_cfg']);
    const generatorConfig = checkObject(FN, 'config.anchor_generator', config.anchor_generator);
    const generatorTable = GENERATOR_KEYS.YOLOAnchorGenerator;
    checkKnownKeys(FN, 'config.anchor_generator', generatorConfig, ['type', ...configKeys(generatorTable), ...NEUTRAL_KEYS.YOLOAnchorGenerator.map((k) => k.key)]);
    checkType('config.anchor_generator', generatorConfig, 'YOLOAnchorGenerator');
    const coderConfig = config.bbox_coder === undefined ? { type: 'YOLOBBoxCoder' } : checkObject(FN, 'config.bbox_coder', config.bbox_coder);
    checkKnownKeys(FN, 'config.bbox_coder', coderConfig, ['type', 'eps']);
    checkType('config.bbox_coder', coderConfig, 'YOLOBBoxCoder');
    const coderEps = coderConfig.eps === undefined ? 1e-6 : coderConfig.eps;
    if (typeof coderEps !== 'number' || !(coderEps > 0 && coderEps < 0.5)) throw invalidArgument(FN, 'config.bbox_coder.eps', 'a number in (0, 0.5)', coderEps);
    const trainConfig = checkObject(FN, 'config.train_cfg', config.train_cfg);
    checkKnownKeys(FN, 'config.train_cfg', trainConfig, ['assigner', 'sampler']);
    if (trainConfig.sampler !== undefined) checkType('config.train_cfg.sampler', checkObject(FN, 'config.train_cfg.sampler', trainConfig.sampler), 'PseudoSampler');
    const assigner = checkObject(FN, 'config.train_cfg.assigner', trainConfig.assigner);
    const assignerTable = HEAD_KEYS.YOLOV3Head.assigner;
    checkKnownKeys(FN, 'config.train_cfg.assigner', assigner, ['type', ...configKeys(assignerTable), ...NEUTRAL_KEYS.GridAssigner.map((k) => k.key)]);
    checkType('config.train_cfg.assigner', assigner, 'GridAssigner');
    checkNeutralKeys(FN, 'config.train_cfg.assigner', 'GridAssigner', assigner);
    if (assigner.pos_iou_thr === undefined || assigner.neg_iou_thr === undefined) {
      throw invalidArgument(FN, 'config.train_cfg.assigner', 'given pos_iou_thr and neg_iou_thr (GridAssigner requires both)', assigner);
    }
    // Option errors in the head's keys: `eval-cases: config.train_cfg.assigner.pos_iou_thr must be ...`.
    const headTable = HEAD_KEYS.YOLOV3Head[''];
    const options = resolveYoloV3GridOptions(
      { ...translate(assigner, assignerTable), ...translate(config, headTable) } as unknown as YoloV3GridOptions,
      configNames(FN, [
        ['config.train_cfg.assigner', assignerTable],
        ['config', headTable],
      ]),
    );
    const generator = yoloAnchorGeneratorWithNames(
      translate(generatorConfig, generatorTable) as unknown as YOLOAnchorGeneratorOptions,
      configNames(FN, [['config.anchor_generator', generatorTable]]),
    );
    const featmapStrides = config.featmap_strides;
    if (!Array.isArray(featmapStrides) || featmapStrides.length !== generator.numLevels || featmapStrides.some((s) => typeof s !== 'number' || !(s > 0))) {
      throw invalidArgument(FN, 'config.featmap_strides', `${generator.numLevels} positive numbers (one per level)`, featmapStrides);
    }
    const levelStrides = Float32Array.from(featmapStrides as number[]);

    checkKnownKeys(FN, 'inputs', inputs, ['featmap_sizes', 'priors', 'num_level_priors', 'gt_bboxes', 'gt_labels']);
    const set = generator.gridPriors(inputs.featmap_sizes as readonly FeatmapSize[]);
    const priors = readMatrix('inputs.priors', inputs.priors, 4);
    const levelCounts = inputs.num_level_priors;
    if (!Array.isArray(levelCounts) || levelCounts.length !== set.levels.length || levelCounts.some((n, l) => n !== set.levels[l].count)) {
      throw invalidArgument(FN, 'inputs.num_level_priors', `the generator's level counts [${set.levels.map((l) => l.count).join(', ')}]`, levelCounts);
    }
    const gtBoxes = readMatrix('inputs.gt_bboxes', inputs.gt_bboxes, 4);
    const gtLabels = inputs.gt_labels as number[];
    // The stored priors are the generator's; run on the grid (fast path) when they agree bit for
    // bit, else on the stored boxes through the R-tree (same results, slower).
    const resolved = resolveAssignInput(FN, {
      priors: samePriors(set.priors, priors) ? set : priors,
      gtBoxes,
      gtLabels,
      numLevelPriors: levelCounts as number[],
    }, { priors: 'boxes', levels: true });
    const flags = referenceResponsibleFlags(set, gtBoxes);
    return {
      compute: () => assignYoloV3GridResolved(FN, resolved, options, flags, levelStrides, coderEps),
      format(result) {
        const width = 5 + options.numClasses;
        const posInds: number[] = [];
        result.label.forEach((l, p) => {
          if (l === 1) posInds.push(p);
        });
        const posRows = new Float32Array(posInds.length * width);
        posInds.forEach((p, j) => posRows.set(result.targetMap.subarray(p * width, (p + 1) * width), j * width));
        return {
          responsible_flags: Array.from(result.responsibleFlags),
          gt_inds: Array.from(toGtInds(result)),
          max_overlaps: toList(result.maxOverlap),
          labels: Array.from(result.gtLabel),
          pos_inds: posInds,
          pos_target_map: toRows(posRows, width),
          neg_map: Array.from(result.negMap),
        };
      },
    };
  },
};
