/**
 * Family `ga_targets`: mmdetection's `GuidedAnchorHead.ga_loc_targets` (Guided Anchoring
 * location targets) for one image. The head's config carries the approx anchor generator (of
 * which only `octave_base_scale` and `strides` matter) and `train_cfg` (`center_ratio`,
 * `ignore_ratio`).
 */
import { gaLocationTargets, resolveGaLocationOptions, type GaLocationOptions, type GaLocationTargets } from '../../assigners/ga-location-targets.js';
import { invalidArgument } from '../../errors.js';
import { checkKnownKeys, checkObject } from '../../validate.js';
import { jsonNumber, toList, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { configKeys, configNames, GENERATOR_KEYS, HEAD_KEYS, NEUTRAL_KEYS, translate, type ConfigSection } from './config-keys.js';

const FAMILY = 'ga_targets';
const TYPES = ['GuidedAnchorHead'] as const;
const FN = 'eval-cases';

/** `GuidedAnchorHead` constructor keys that do not change its location targets (accepted, ignored). */
const HEAD_KEYS_IGNORED = [
  'num_classes',
  'in_channels',
  'feat_channels',
  'square_anchor_generator',
  'anchor_coder',
  'bbox_coder',
  'reg_decoded_bbox',
  'deform_groups',
  'loc_filter_thr',
  'test_cfg',
  'loss_loc',
  'loss_shape',
  'loss_cls',
  'loss_bbox',
  'init_cfg',
];
/** The approx generator's keys: every `AnchorGenerator` key is accepted; `ga_loc_targets` reads only `octave_base_scale` and `strides`. */
const GENERATOR_TABLE = GENERATOR_KEYS.AnchorGenerator.filter(([key]) => key === 'octave_base_scale' || key === 'strides');
/** The location-target settings of `train_cfg`. */
const TRAIN_TABLE = HEAD_KEYS.GuidedAnchorHead.train_cfg;
/** `train_cfg` keys of the GA heads that do not change the location targets. */
const TRAIN_KEYS_IGNORED = ['ga_assigner', 'ga_sampler', 'assigner', 'sampler', 'allowed_border', 'pos_weight', 'debug'];
/** Where the options come from: the ratios from `train_cfg`, `octaveBaseScale` and `strides` from the generator. */
const SECTIONS: readonly ConfigSection[] = [
  ['config.train_cfg', TRAIN_TABLE],
  ['config.approx_anchor_generator', GENERATOR_TABLE],
];

function readSizes(value: unknown): [number, number][] {
  if (!Array.isArray(value)) throw invalidArgument(FN, 'inputs.featmap_sizes', 'an array of [h, w] pairs', value);
  return value.map((s, l) => {
    if (!Array.isArray(s) || s.length !== 2) throw invalidArgument(FN, `inputs.featmap_sizes[${l}]`, 'an [h, w] pair', s);
    return [jsonNumber(`inputs.featmap_sizes[${l}][0]`, s[0]), jsonNumber(`inputs.featmap_sizes[${l}][1]`, s[1])];
  });
}

function readBoxes(value: unknown): number[][] {
  if (!Array.isArray(value)) throw invalidArgument(FN, 'inputs.gt_bboxes', 'an array of [x1, y1, x2, y2] rows', value);
  return value.map((row, i) => {
    if (!Array.isArray(row) || row.length !== 4) throw invalidArgument(FN, `inputs.gt_bboxes[${i}]`, 'a row of 4 numbers', row);
    return row.map((v, k) => jsonNumber(`inputs.gt_bboxes[${i}][${k}]`, v));
  });
}

/** Translates the head config to toolkit options. */
function translateConfig(config: Record<string, unknown>): GaLocationOptions {
  checkKnownKeys(FN, 'config', config, ['type', 'approx_anchor_generator', 'train_cfg', ...HEAD_KEYS_IGNORED]);
  const generator = checkObject(FN, 'config.approx_anchor_generator', config.approx_anchor_generator);
  checkKnownKeys(FN, 'config.approx_anchor_generator', generator, [
    'type',
    ...configKeys(GENERATOR_KEYS.AnchorGenerator),
    ...NEUTRAL_KEYS.AnchorGenerator.map((k) => k.key),
  ]);
  if (generator.type !== undefined && generator.type !== 'AnchorGenerator') {
    throw invalidArgument(FN, 'config.approx_anchor_generator.type', "'AnchorGenerator'", generator.type);
  }
  const train = checkObject(FN, 'config.train_cfg', config.train_cfg);
  checkKnownKeys(FN, 'config.train_cfg', train, [...configKeys(TRAIN_TABLE), ...TRAIN_KEYS_IGNORED]);
  return { ...translate(generator, GENERATOR_TABLE), ...translate(train, TRAIN_TABLE) } as unknown as GaLocationOptions;
}

/** Flat `[h * w]` to `h` rows of `w`. */
function toRowsOf(values: Float32Array, h: number, w: number): number[][] {
  const rows: number[][] = [];
  for (let y = 0; y < h; y++) rows.push(Array.from(values.subarray(y * w, (y + 1) * w)));
  return rows;
}

/** Runner of the `ga_targets` family (type `GuidedAnchorHead`). */
export const gaTargetsRunner: FamilyRunner = {
  family: FAMILY,
  types: TYPES,
  integerKeys: ['target_lvls'],
  prepare({ config, inputs }): PreparedCase<GaLocationTargets> {
    if (config.type !== 'GuidedAnchorHead') throw unsupportedType(FAMILY, config.type, TYPES);
    const options = translateConfig(config);
    resolveGaLocationOptions(options, configNames(FN, SECTIONS)); // option errors at prepare time, in the head's keys
    checkKnownKeys(FN, 'inputs', inputs, ['gt_bboxes', 'featmap_sizes']);
    const input = { gtBoxes: readBoxes(inputs.gt_bboxes), featmapSizes: readSizes(inputs.featmap_sizes) };
    return {
      compute: () => gaLocationTargets(input, options),
      format: (t) => ({
        loc_targets: t.locTargets.map((m, l) => toRowsOf(m, t.featmapSizes[l][0], t.featmapSizes[l][1])),
        loc_weights: t.locWeights.map((m, l) => toRowsOf(m, t.featmapSizes[l][0], t.featmapSizes[l][1])),
        loc_avg_factor: t.locAvgFactor,
        target_lvls: toList(t.targetLevels),
      }),
    };
  },
};
