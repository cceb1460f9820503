/**
 * Family `centernet_targets`: mmdetection's `gaussian_radius` and `gen_gaussian_target`
 * (mmdet/models/utils/gaussian_target.py) and `CenterNetHead.get_targets` for one image.
 */
import { centerNetTargets, drawGaussian, gaussianRadius, resolveCenterNetOptions, type CenterNetOptions } from '../../assigners/centernet-targets.js';
import { invalidArgument } from '../../errors.js';
import { checkKnownKeys } from '../../validate.js';
import { jsonNumber, readMatrix, toList, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { configKeys, configNames, HEAD_KEYS, translate } from './config-keys.js';

const FAMILY = 'centernet_targets';
const TYPES = ['gaussian_radius', 'gen_gaussian_target', 'CenterNetHead'] as const;
const FN = 'eval-cases';

/** `CenterNetHead` constructor keys that do not change its targets (accepted, ignored). */
const HEAD_KEYS_IGNORED = ['in_channels', 'feat_channels', 'loss_center_heatmap', 'loss_wh', 'loss_offset', 'train_cfg', 'test_cfg', 'init_cfg'];

function readNumberList(where: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw invalidArgument(FN, where, 'an array of numbers', value);
  return value.map((v, i) => jsonNumber(`${where}[${i}]`, v));
}

/** Flat `[channels * h * w]` to nested `channels x h x w` lists. */
function toChannels(values: Float32Array, channels: number, h: number, w: number): number[][][] {
  const out: number[][][] = [];
  for (let c = 0; c < channels; c++) {
    const rows: number[][] = [];
    for (let y = 0; y < h; y++) rows.push(Array.from(values.subarray((c * h + y) * w, (c * h + y + 1) * w)));
    out.push(rows);
  }
  return out;
}

function prepareRadius(config: Record<string, unknown>, inputs: Record<string, unknown>): PreparedCase<number[]> {
  checkKnownKeys(FN, 'config', config, ['type']);
  checkKnownKeys(FN, 'inputs', inputs, ['det_sizes', 'min_overlap']);
  if (!Array.isArray(inputs.det_sizes)) throw invalidArgument(FN, 'inputs.det_sizes', 'an array of [h, w] pairs', inputs.det_sizes);
  const sizes = (inputs.det_sizes as unknown[]).map((s, i) => {
    const pair = readNumberList(`inputs.det_sizes[${i}]`, s);
    if (pair.length !== 2) throw invalidArgument(FN, `inputs.det_sizes[${i}]`, 'an [h, w] pair', s);
    return pair;
  });
  const minOverlap = jsonNumber('inputs.min_overlap', inputs.min_overlap);
  return {
    // det_sizes are Python floats in the reference: float64, no float32 rounding.
    compute: () => sizes.map(([h, w]) => gaussianRadius(h, w, minOverlap)),
    format: (radius) => ({ radius: toList(radius) }),
  };
}

interface HeatmapCase {
  readonly heatmap: Float32Array;
  readonly h: number;
  readonly w: number;
}

function prepareGaussian(config: Record<string, unknown>, inputs: Record<string, unknown>): PreparedCase<HeatmapCase> {
  checkKnownKeys(FN, 'config', config, ['type']);
  checkKnownKeys(FN, 'inputs', inputs, ['heatmap', 'center', 'radius', 'k']);
  const rows = inputs.heatmap;
  if (!Array.isArray(rows) || rows.length === 0 || !Array.isArray(rows[0])) {
    throw invalidArgument(FN, 'inputs.heatmap', 'a non-empty h x w array of rows', rows);
  }
  const h = rows.length;
  const w = (rows[0] as unknown[]).length;
  const initial = readMatrix('inputs.heatmap', rows, w);
  const center = readNumberList('inputs.center', inputs.center);
  if (center.length !== 2) throw invalidArgument(FN, 'inputs.center', 'an [x, y] pair', inputs.center);
  const radius = jsonNumber('inputs.radius', inputs.radius);
  const k = inputs.k === undefined ? 1 : jsonNumber('inputs.k', inputs.k);
  return {
    compute: () => ({ heatmap: drawGaussian(initial.slice(), h, w, center[0], center[1], radius, k), h, w }),
    format: ({ heatmap, h: hh, w: ww }) => ({ heatmap: toChannels(heatmap, 1, hh, ww)[0] }),
  };
}

function prepareHead(config: Record<string, unknown>, inputs: Record<string, unknown>): PreparedCase<ReturnType<typeof centerNetTargets>> {
  const table = HEAD_KEYS.CenterNetHead[''];
  checkKnownKeys(FN, 'config', config, ['type', ...configKeys(table), ...HEAD_KEYS_IGNORED]);
  checkKnownKeys(FN, 'inputs', inputs, ['gt_bboxes', 'gt_labels', 'feat_shape', 'img_shape']);
  const gtBoxes = readMatrix('inputs.gt_bboxes', inputs.gt_bboxes, 4);
  const gtLabels = readNumberList('inputs.gt_labels', inputs.gt_labels);
  const featShape = readNumberList('inputs.feat_shape', inputs.feat_shape);
  // [bs, C, h, w]: one image; C is not read by the reference (it uses num_classes), nor here.
  if (featShape.length !== 4 || featShape[0] !== 1) {
    throw invalidArgument(FN, 'inputs.feat_shape', '[1, C, featH, featW] (one image)', inputs.feat_shape);
  }
  const imgShape = readNumberList('inputs.img_shape', inputs.img_shape);
  if (imgShape.length < 2) throw invalidArgument(FN, 'inputs.img_shape', '[imgH, imgW]', inputs.img_shape);
  const input = {
    gtBoxes,
    gtLabels,
    featmapSize: [featShape[2], featShape[3]] as const,
    imageShape: [imgShape[0], imgShape[1]] as const,
  };
  const options = translate(config, table) as unknown as CenterNetOptions;
  resolveCenterNetOptions(options, configNames(FN, [['config', table]])); // option errors at prepare time, in the head's keys
  return {
    compute: () => centerNetTargets(input, options),
    format: (t) => ({
      center_heatmap_target: toChannels(t.centerHeatmap, t.numClasses, t.featHeight, t.featWidth),
      wh_target: toChannels(t.whTarget, 2, t.featHeight, t.featWidth),
      offset_target: toChannels(t.offsetTarget, 2, t.featHeight, t.featWidth),
      wh_offset_target_weight: toChannels(t.whOffsetWeight, 2, t.featHeight, t.featWidth),
      avg_factor: t.avgFactor,
    }),
  };
}

/** Runner of the `centernet_targets` family (types `gaussian_radius`, `gen_gaussian_target`, `CenterNetHead`). */
export const centernetTargetsRunner: FamilyRunner = {
  family: FAMILY,
  types: TYPES,
  integerKeys: ['avg_factor'],
  prepare({ config, inputs }): PreparedCase {
    switch (config.type) {
      case 'gaussian_radius':
        return prepareRadius(config, inputs) as PreparedCase;
      case 'gen_gaussian_target':
        return prepareGaussian(config, inputs) as PreparedCase;
      case 'CenterNetHead':
        return prepareHead(config, inputs) as PreparedCase;
      default:
        throw unsupportedType(FAMILY, config.type, TYPES);
    }
  },
};
