/**
 * The mmdetection dialect, once: for every mmdetection `type` the toolkit reads, its snake_case
 * config keys, the camelCase option each one becomes and the JSON shape of its value. The
 * presets' JSON configs (`src/presets/config.ts`) and every `eval-cases` runner in this folder
 * translate through these tables, and build the {@link OptionNames} their errors are written in
 * with {@link configNames}, so a bad value is reported under the key the user wrote
 * (`presetFromConfig: assigner.pos_iou_thr must be ...`, `eval-cases: config.topk must be ...`)
 * from the start.
 *
 * A row is `[key, option, kind]`: `pos_iou_thr` becomes `positiveIouThreshold`, a `number`.
 * Keys that exist only in mmdetection and change nothing here (`gpu_assign_thr`,
 * `iou_calculator` when it is the default `BboxOverlaps2D`, `use_box_type`) are in
 * {@link NEUTRAL_KEYS}.
 */
import { LabelAssignError } from '../../errors.js';
import type { OptionNames } from '../../validate.js';

/**
 * The JSON shape of a key's value, which the presets check before the toolkit's resolver checks
 * the value itself: `number` (finite), `integer` (>= 1), `boolean`, `numbers` (a list),
 * `pair` (`[a, b]`), `numberOrPair`, `strides` (numbers or `[w, h]` pairs), `pairs` (a list of
 * pairs), `numberLists` (a list of lists), `sizeLists` (per level a list of sizes, each a number
 * or `[w, h]`); `json` leaves the shape to the toolkit (the runners' tensors, shapes, strings).
 */
export type ValueKind = 'number' | 'integer' | 'boolean' | 'numbers' | 'pair' | 'numberOrPair' | 'strides' | 'pairs' | 'numberLists' | 'sizeLists' | 'json';

/** One key of a section: mmdetection's snake_case name, the toolkit's camelCase option, its value's shape. */
export type KeyRow = readonly [key: string, option: string, kind: ValueKind];

/** The keys of one mmdetection `type` (or of one part of a head's config). */
export type KeyTable = readonly KeyRow[];

/** Assigner types a preset config (`assigner.type`) may name; the last three are toolkit names. */
export type AssignerType =
  | 'MaxIoUAssigner'
  | 'ApproxMaxIoUAssigner'
  | 'ATSSAssigner'
  | 'GridAssigner'
  | 'FCOSAssigner'
  | 'YOLOv5Assigner'
  | 'CenterNetAssigner';

/** Prior generator types a preset config may name; `FeatureGrid` is the toolkit's (CenterNet's output cells). */
export type GeneratorType = 'AnchorGenerator' | 'SSDAnchorGenerator' | 'YOLOAnchorGenerator' | 'MlvlPointGenerator' | 'FeatureGrid';

/** The box coders of the `bbox_coder` family. */
export type CoderType = 'DeltaXYWHBBoxCoder' | 'DistancePointBBoxCoder' | 'TBLRBBoxCoder' | 'YOLOBBoxCoder';

const MAX_IOU_KEYS: KeyTable = [
  ['pos_iou_thr', 'positiveIouThreshold', 'number'],
  ['neg_iou_thr', 'negativeIouThreshold', 'numberOrPair'],
  ['min_pos_iou', 'minPositiveIou', 'number'],
  ['gt_max_assign_all', 'gtMaxAssignAll', 'boolean'],
  ['match_low_quality', 'matchLowQuality', 'boolean'],
  ['ignore_iof_thr', 'ignoreIofThreshold', 'number'],
  ['ignore_wrt_candidates', 'ignoreWrtCandidates', 'boolean'],
];

/** The toolkit's ignore rule (the assigners whose reference has none): `ignoreCoverageThreshold`. */
const IGNORE_COVERAGE: KeyRow = ['ignore_coverage_thr', 'ignoreCoverageThreshold', 'number'];

/** Every assigner type: its keys. */
export const ASSIGNER_KEYS: Readonly<Record<AssignerType, KeyTable>> = {
  MaxIoUAssigner: MAX_IOU_KEYS,
  ApproxMaxIoUAssigner: MAX_IOU_KEYS,
  ATSSAssigner: [
    ['topk', 'topK', 'integer'],
    ['alpha', 'alpha', 'number'],
    ['ignore_iof_thr', 'ignoreIofThreshold', 'number'],
  ],
  GridAssigner: [
    ['pos_iou_thr', 'positiveIouThreshold', 'number'],
    ['neg_iou_thr', 'negativeIouThreshold', 'numberOrPair'],
    ['min_pos_iou', 'minPositiveIou', 'number'],
    ['gt_max_assign_all', 'gtMaxAssignAll', 'boolean'],
    IGNORE_COVERAGE,
  ],
  // mmdetection does this in FCOSHead (see HEAD_KEYS.FCOSHead).
  FCOSAssigner: [
    ['regress_ranges', 'regressRanges', 'pairs'],
    ['center_sampling', 'centerSampling', 'boolean'],
    ['center_sample_radius', 'centerSampleRadius', 'number'],
    ['norm_on_bbox', 'normOnBbox', 'boolean'],
    IGNORE_COVERAGE,
  ],
  YOLOv5Assigner: [['anchor_t', 'anchorT', 'number'], ['neighbor_offset', 'neighborOffset', 'number'], IGNORE_COVERAGE],
  // mmdetection does this in CenterNetHead.
  CenterNetAssigner: [['min_overlap', 'minOverlap', 'number'], IGNORE_COVERAGE],
};

/** Every prior generator type: its keys. */
export const GENERATOR_KEYS: Readonly<Record<GeneratorType, KeyTable>> = {
  AnchorGenerator: [
    ['strides', 'strides', 'strides'],
    ['ratios', 'ratios', 'numbers'],
    ['scales', 'scales', 'numbers'],
    ['octave_base_scale', 'octaveBaseScale', 'number'],
    ['scales_per_octave', 'scalesPerOctave', 'integer'],
    ['base_sizes', 'baseSizes', 'numbers'],
    ['scale_major', 'scaleMajor', 'boolean'],
    ['centers', 'centers', 'pairs'],
    ['center_offset', 'centerOffset', 'number'],
  ],
  SSDAnchorGenerator: [
    ['strides', 'strides', 'strides'],
    ['ratios', 'ratios', 'numberLists'],
    ['min_sizes', 'minSizes', 'numbers'],
    ['max_sizes', 'maxSizes', 'numbers'],
    ['basesize_ratio_range', 'basesizeRatioRange', 'pair'],
    ['input_size', 'inputSize', 'number'],
    ['scale_major', 'scaleMajor', 'boolean'],
  ],
  YOLOAnchorGenerator: [
    ['strides', 'strides', 'strides'],
    ['base_sizes', 'baseSizes', 'sizeLists'],
  ],
  MlvlPointGenerator: [
    ['strides', 'strides', 'strides'],
    ['offset', 'offset', 'number'],
  ],
  FeatureGrid: [['stride', 'stride', 'number']],
};

/**
 * The parts of a dense head's config the runners read, per head type and part (`''` is the
 * head's own keys; other parts are sub-dicts such as `train_cfg`).
 */
export const HEAD_KEYS = {
  /** `FCOSHead`: its strides and its target settings (`num_classes` is the runner's own). */
  FCOSHead: { '': [['strides', 'strides', 'strides'], ...ASSIGNER_KEYS.FCOSAssigner.filter((row) => row !== IGNORE_COVERAGE)] },
  /** `YOLOV3Head`: the settings of its targets beside `train_cfg.assigner` (a `GridAssigner`). */
  YOLOV3Head: {
    '': [
      ['num_classes', 'numClasses', 'integer'],
      ['one_hot_smoother', 'oneHotSmoother', 'number'],
    ],
    assigner: ASSIGNER_KEYS.GridAssigner.filter((row) => row !== IGNORE_COVERAGE),
  },
  /** `GuidedAnchorHead`: the location-target settings of its `train_cfg` (its generator is an `AnchorGenerator`). */
  GuidedAnchorHead: {
    train_cfg: [
      ['center_ratio', 'centerRatio', 'number'],
      ['ignore_ratio', 'ignoreRatio', 'number'],
    ],
  },
  /** `CenterNetHead`: the heatmap's channels. */
  CenterNetHead: { '': [['num_classes', 'numClasses', 'integer']] },
  /** `SSDHead`: its classes and the hard negative mining of its `train_cfg`. */
  SSDHead: {
    '': [['num_classes', 'numClasses', 'integer']],
    train_cfg: [
      ['neg_pos_ratio', 'negPosRatio', 'number'],
      ['smoothl1_beta', 'smoothL1Beta', 'number'],
    ],
  },
} as const satisfies Record<string, Record<string, KeyTable>>;

/** The box coders' constructor keys. */
export const CODER_KEYS: Readonly<Record<CoderType, KeyTable>> = {
  DeltaXYWHBBoxCoder: [
    ['target_means', 'targetMeans', 'numbers'],
    ['target_stds', 'targetStds', 'numbers'],
    ['clip_border', 'clipBorder', 'boolean'],
    ['add_ctr_clamp', 'addCtrClamp', 'boolean'],
    ['ctr_clamp', 'ctrClamp', 'number'],
  ],
  DistancePointBBoxCoder: [['clip_border', 'clipBorder', 'boolean']],
  TBLRBBoxCoder: [
    ['normalizer', 'normalizer', 'json'],
    ['clip_border', 'clipBorder', 'boolean'],
  ],
  YOLOBBoxCoder: [['eps', 'eps', 'number']],
};

/** The box coders' `encode` / `decode` keyword arguments (besides the boxes themselves). */
export const CODER_ARGUMENT_KEYS: Readonly<Record<CoderType, Readonly<Record<'encode' | 'decode', KeyTable>>>> = {
  DeltaXYWHBBoxCoder: {
    encode: [],
    decode: [
      ['max_shape', 'maxShape', 'json'],
      ['wh_ratio_clip', 'whRatioClip', 'number'],
    ],
  },
  DistancePointBBoxCoder: {
    encode: [
      ['max_dis', 'maxDis', 'number'],
      ['eps', 'eps', 'number'],
    ],
    decode: [['max_shape', 'maxShape', 'json']],
  },
  TBLRBBoxCoder: { encode: [], decode: [['max_shape', 'maxShape', 'json']] },
  YOLOBBoxCoder: { encode: [['stride', 'stride', 'json']], decode: [['stride', 'stride', 'json']] },
};

/** The samplers' keys: `BaseSampler`'s (every sampler), and `IoUBalancedNegSampler`'s own. */
export const SAMPLER_KEYS = {
  BaseSampler: [
    ['num', 'num', 'integer'],
    ['pos_fraction', 'posFraction', 'number'],
    ['neg_pos_ub', 'negPosUb', 'number'],
    ['add_gt_as_proposals', 'addGtAsProposals', 'boolean'],
  ],
  IoUBalancedNegSampler: [
    ['floor_thr', 'floorThr', 'number'],
    ['floor_fraction', 'floorFraction', 'number'],
    ['num_bins', 'numBins', 'integer'],
  ],
} as const satisfies Record<string, KeyTable>;

/** The loss modules' keys every loss has. */
export const LOSS_COMMON_KEYS: KeyTable = [
  ['reduction', 'reduction', 'json'],
  ['loss_weight', 'lossWeight', 'number'],
];

/**
 * Each loss module's own `__init__` keys that become a toolkit option. `use_sigmoid`,
 * `use_mask` and `linear` choose which toolkit function runs (or are unsupported) and are read
 * by the `losses` runner itself; see {@link LOSS_SWITCH_KEYS}.
 */
export const LOSS_KEYS = {
  FocalLoss: [
    ['gamma', 'gamma', 'number'],
    ['alpha', 'alpha', 'number'],
    ['activated', 'activated', 'boolean'],
  ],
  QualityFocalLoss: [
    ['beta', 'beta', 'number'],
    ['activated', 'activated', 'boolean'],
  ],
  DistributionFocalLoss: [],
  VarifocalLoss: [
    ['alpha', 'alpha', 'number'],
    ['gamma', 'gamma', 'number'],
    ['iou_weighted', 'iouWeighted', 'boolean'],
  ],
  IoULoss: [
    ['eps', 'eps', 'number'],
    ['mode', 'mode', 'json'],
  ],
  GIoULoss: [['eps', 'eps', 'number']],
  DIoULoss: [['eps', 'eps', 'number']],
  CIoULoss: [['eps', 'eps', 'number']],
  BoundedIoULoss: [
    ['beta', 'beta', 'number'],
    ['eps', 'eps', 'number'],
  ],
  EIoULoss: [
    ['eps', 'eps', 'number'],
    ['smooth_point', 'smoothPoint', 'number'],
  ],
  SIoULoss: [
    ['eps', 'eps', 'number'],
    ['neg_gamma', 'negGamma', 'boolean'],
  ],
  BalancedL1Loss: [
    ['alpha', 'alpha', 'number'],
    ['gamma', 'gamma', 'number'],
    ['beta', 'beta', 'number'],
  ],
  SmoothL1Loss: [['beta', 'beta', 'number']],
  L1Loss: [],
  GaussianFocalLoss: [
    ['alpha', 'alpha', 'number'],
    ['gamma', 'gamma', 'number'],
    ['pos_weight', 'posWeight', 'number'],
    ['neg_weight', 'negWeight', 'number'],
  ],
  CrossEntropyLoss: [
    ['class_weight', 'classWeight', 'json'],
    ['ignore_index', 'ignoreIndex', 'number'],
    ['avg_non_ignore', 'avgNonIgnore', 'boolean'],
  ],
} as const satisfies Record<string, KeyTable>;

/** The loss modules the `losses` runner reads. */
export type LossType = keyof typeof LOSS_KEYS;

/** The keys that choose the toolkit function (or are only supported at one value), per loss type. */
export const LOSS_SWITCH_KEYS: Readonly<Record<LossType, readonly string[]>> = {
  FocalLoss: ['use_sigmoid'],
  QualityFocalLoss: ['use_sigmoid'],
  DistributionFocalLoss: [],
  VarifocalLoss: ['use_sigmoid'],
  IoULoss: ['linear'],
  GIoULoss: [],
  DIoULoss: [],
  CIoULoss: [],
  BoundedIoULoss: [],
  EIoULoss: [],
  SIoULoss: [],
  BalancedL1Loss: [],
  SmoothL1Loss: [],
  L1Loss: [],
  GaussianFocalLoss: [],
  CrossEntropyLoss: ['use_sigmoid', 'use_mask'],
};

// ---------------------------------------------------------------------------------------------
// keys that exist only in mmdetection

/** A key that exists only in mmdetection and changes nothing here (at the values it accepts). */
export interface NeutralKey {
  readonly key: string;
  /** Why it changes nothing. */
  readonly why: string;
  /** The values that change nothing, in words; undefined when every value is accepted. */
  readonly supported?: string;
  /** True for a value that changes nothing. */
  accepts(value: unknown): boolean;
}

const GPU_ASSIGN_THR: NeutralKey = {
  key: 'gpu_assign_thr',
  why: 'it only chooses the device the reference assigns on',
  accepts: () => true,
};
const IOU_CALCULATOR: NeutralKey = {
  key: 'iou_calculator',
  why: 'the assigners compute plain IoU, which is the default BboxOverlaps2D',
  supported: '{"type": "BboxOverlaps2D"}',
  accepts: (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { type?: unknown }).type === 'BboxOverlaps2D' && Object.keys(value).length === 1,
};
const USE_BOX_TYPE: NeutralKey = {
  key: 'use_box_type',
  why: 'it only changes the tensor wrapper the reference returns, not the values',
  accepts: () => true,
};

/** The mmdetection-only keys each assigner and generator type accepts without effect. */
export const NEUTRAL_KEYS: Readonly<Record<AssignerType | GeneratorType, readonly NeutralKey[]>> = {
  MaxIoUAssigner: [GPU_ASSIGN_THR, IOU_CALCULATOR],
  ApproxMaxIoUAssigner: [GPU_ASSIGN_THR, IOU_CALCULATOR],
  ATSSAssigner: [IOU_CALCULATOR],
  GridAssigner: [IOU_CALCULATOR],
  FCOSAssigner: [],
  YOLOv5Assigner: [],
  CenterNetAssigner: [],
  AnchorGenerator: [USE_BOX_TYPE],
  SSDAnchorGenerator: [USE_BOX_TYPE],
  YOLOAnchorGenerator: [USE_BOX_TYPE],
  MlvlPointGenerator: [],
  FeatureGrid: [],
};

/**
 * Throws on a neutral key of `type` given a value that would change the result (the reference
 * would compute something the toolkit does not).
 * @param fn the function the message starts with (`presetFromConfig`, `eval-cases`).
 * @param section where `record` sits, e.g. `assigner` or `config`.
 * @throws {LabelAssignError} code `unsupported`: `eval-cases: MaxIoUAssigner supports only iou_calculator {"type": "BboxOverlaps2D"} (...)`.
 * @example checkNeutralKeys('eval-cases', 'config', 'MaxIoUAssigner', { iou_calculator: { type: 'BboxOverlaps2D' } });
 */
export function checkNeutralKeys(fn: string, section: string, type: AssignerType | GeneratorType, record: Readonly<Record<string, unknown>>): void {
  for (const neutral of NEUTRAL_KEYS[type]) {
    const value = record[neutral.key];
    if (value === undefined || neutral.accepts(value)) continue;
    throw new LabelAssignError(
      'unsupported',
      `${section}.${neutral.key}`,
      `${fn}: ${type} supports only ${neutral.key} ${neutral.supported ?? ''} (${neutral.why}), but ${section}.${neutral.key} was ${JSON.stringify(value)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// translating and naming

/**
 * The snake_case keys of a table.
 * @example configKeys(ASSIGNER_KEYS.CenterNetAssigner); // ['min_overlap', 'ignore_coverage_thr']
 */
export function configKeys(table: KeyTable): string[] {
  return table.map(([key]) => key);
}

/**
 * The options of a config dict: each key of `table` present in `record` under its camelCase
 * name, values as given (the toolkit's resolver checks them). `null` (Python's `None`) counts
 * as not given, as in the reference's keyword arguments.
 * @example translate({ type: 'ATSSAssigner', topk: 9, alpha: null }, ASSIGNER_KEYS.ATSSAssigner); // { topK: 9 }
 */
export function translate(record: Readonly<Record<string, unknown>>, table: KeyTable): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, option] of table) {
    const value = record[key];
    if (value !== undefined && value !== null) options[option] = value;
  }
  return options;
}

/** A config section and its keys: where the section sits (`assigner`, `config.train_cfg`) and its table. */
export type ConfigSection = readonly [path: string, table: KeyTable];

/**
 * The words of a config's errors: `fn`, code `invalid-config`, each option as the path of its
 * key (`assigner.pos_iou_thr`); an option mentioned in a message is its bare key within the
 * first section and its path in the others (`prior_generator.strides`). An option of no table
 * is written under the first section in camelCase (a value the caller sets itself, never the
 * user's).
 * @param sections the sections whose keys the options come from; the first is the one at fault
 *   for the options object as a whole.
 * @example
 * configNames('presetFromConfig', [['assigner', ASSIGNER_KEYS.MaxIoUAssigner]]).option('positiveIouThreshold'); // 'assigner.pos_iou_thr'
 * configNames('eval-cases', [['config', HEAD_KEYS.CenterNetHead['']]]).option('numClasses'); // 'config.num_classes'
 */
export function configNames(fn: string, sections: readonly ConfigSection[]): OptionNames {
  const home = sections[0][0];
  const find = (option: string): readonly [string, string] | undefined => {
    for (const [path, table] of sections) {
      const row = table.find((r) => r[1] === option);
      if (row !== undefined) return [path, row[0]];
    }
    return undefined;
  };
  return {
    fn,
    code: 'invalid-config',
    section: home,
    option(option) {
      const found = find(option);
      return found === undefined ? `${home}.${option}` : `${found[0]}.${found[1]}`;
    },
    mention(option) {
      const found = find(option);
      if (found === undefined) return option;
      return found[0] === home ? found[1] : `${found[0]}.${found[1]}`;
    },
  };
}
