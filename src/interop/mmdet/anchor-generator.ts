/**
 * Family `anchor_generator`: mmdetection's prior generators (`AnchorGenerator`,
 * `SSDAnchorGenerator`, `YOLOAnchorGenerator`, `MlvlPointGenerator`) with their `grid_priors`,
 * `valid_flags` and, for YOLO, `YOLOV3Head.responsible_flags`. Translates the snake_case config
 * dict to the toolkit's camelCase options.
 */
import { invalidArgument } from '../../errors.js';
import { anchorGenerator, type AnchorGeneratorOptions, type FeatmapSize } from '../../geometry/priors/anchor-generator.js';
import { pointGenerator, pointsWithStride, type PointGeneratorOptions } from '../../geometry/priors/point-generator.js';
import type { PriorSet } from '../../geometry/priors/prior-set.js';
import { ssdAnchorGenerator, type SSDAnchorGeneratorOptions } from '../../geometry/priors/ssd-anchor-generator.js';
import { validFlags } from '../../geometry/priors/valid-flags.js';
import { responsibleFlags, yoloAnchorGenerator, type YOLOAnchorGeneratorOptions } from '../../geometry/priors/yolo-anchor-generator.js';
import { checkKnownKeys } from '../../validate.js';
import { readMatrix, toList, toRows, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';

const FAMILY = 'anchor_generator';
const TYPES = ['AnchorGenerator', 'SSDAnchorGenerator', 'YOLOAnchorGenerator', 'MlvlPointGenerator'] as const;
type GeneratorType = (typeof TYPES)[number];

/** mmdetection config key -> toolkit option name, per generator type. */
const OPTION_NAMES: Record<GeneratorType, Record<string, string>> = {
  AnchorGenerator: {
    strides: 'strides',
    ratios: 'ratios',
    scales: 'scales',
    base_sizes: 'baseSizes',
    scale_major: 'scaleMajor',
    octave_base_scale: 'octaveBaseScale',
    scales_per_octave: 'scalesPerOctave',
    centers: 'centers',
    center_offset: 'centerOffset',
  },
  SSDAnchorGenerator: {
    strides: 'strides',
    ratios: 'ratios',
    min_sizes: 'minSizes',
    max_sizes: 'maxSizes',
    basesize_ratio_range: 'basesizeRatioRange',
    input_size: 'inputSize',
    scale_major: 'scaleMajor',
  },
  YOLOAnchorGenerator: { strides: 'strides', base_sizes: 'baseSizes' },
  MlvlPointGenerator: { strides: 'strides', offset: 'offset' },
};

/** `use_box_type` only changes the tensor wrapper the reference returns, not the values. */
const IGNORED_KEYS: Record<GeneratorType, readonly string[]> = {
  AnchorGenerator: ['use_box_type'],
  SSDAnchorGenerator: ['use_box_type'],
  YOLOAnchorGenerator: ['use_box_type'],
  MlvlPointGenerator: [],
};

interface Generated {
  readonly baseAnchors: readonly Float32Array[] | null;
  readonly numBasePriors: readonly number[];
  readonly set: PriorSet;
  /** Points with their strides (`with_stride`), `[n * 4]`; null otherwise. */
  readonly pointsWithStride: Float32Array | null;
  readonly validFlags: Uint8Array | null;
  readonly responsibleFlags: Uint8Array | null;
}

/** Translates a config dict to camelCase options; `null` (Python `None`) means "not given". */
function translateConfig(type: GeneratorType, config: Record<string, unknown>): Record<string, unknown> {
  const names = OPTION_NAMES[type];
  checkKnownKeys('eval-cases', 'config', config, ['type', ...IGNORED_KEYS[type], ...Object.keys(names)]);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const name = names[key];
    if (name !== undefined && value !== null) options[name] = value;
  }
  return options;
}

function readWithStride(value: unknown): boolean {
  if (value === undefined || value === false || value === 'False' || value === 'false') return false;
  if (value === true || value === 'True' || value === 'true') return true;
  throw invalidArgument('eval-cases', 'inputs.with_stride', "true, false, 'True' or 'False'", value);
}

function readPadShape(value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length < 2) {
    throw invalidArgument('eval-cases', 'inputs.pad_shape', 'an [h, w] (or [h, w, c]) list', value);
  }
  return [value[0] as number, value[1] as number];
}

/** Per level rows of `width` values (`[n * width]` values in the prior order of `set`). */
function levelRows(set: PriorSet, values: Float32Array, width: number): (number | string)[][][] {
  return set.levels.map((level) => toRows(values.subarray(level.start * width, (level.start + level.count) * width), width));
}

/** Per level 0/1 lists (`[numPriors]` flags in the prior order of `set`). */
function levelFlags(set: PriorSet, flags: Uint8Array): (number | string)[][] {
  return set.levels.map((level) => toList(flags.subarray(level.start, level.start + level.count)));
}

export const anchorGeneratorRunner: FamilyRunner = {
  family: FAMILY,
  types: TYPES,
  prepare({ config, inputs }): PreparedCase<Generated> {
    const type = config.type;
    if (!TYPES.includes(type as GeneratorType)) throw unsupportedType(FAMILY, type, TYPES);
    const generatorType = type as GeneratorType;
    const options = translateConfig(generatorType, config);
    const isYolo = generatorType === 'YOLOAnchorGenerator';
    const isPoints = generatorType === 'MlvlPointGenerator';
    checkKnownKeys('eval-cases', 'inputs', inputs, [
      'featmap_sizes',
      'pad_shape',
      ...(isPoints ? ['with_stride'] : []),
      ...(isYolo ? ['gt_bboxes'] : []),
    ]);
    const featmapSizes = inputs.featmap_sizes as readonly FeatmapSize[];
    const padShape = inputs.pad_shape === undefined ? null : readPadShape(inputs.pad_shape);
    const withStride = readWithStride(inputs.with_stride);
    const gtBoxes = inputs.gt_bboxes === undefined ? null : readMatrix('inputs.gt_bboxes', inputs.gt_bboxes, 4);

    // The generators check every option at run time; the casts only name the expected shape.
    const build = () => {
      switch (generatorType) {
        case 'AnchorGenerator':
          return anchorGenerator(options as unknown as AnchorGeneratorOptions);
        case 'SSDAnchorGenerator':
          return ssdAnchorGenerator(options as unknown as SSDAnchorGeneratorOptions);
        case 'YOLOAnchorGenerator':
          return yoloAnchorGenerator(options as unknown as YOLOAnchorGeneratorOptions);
        case 'MlvlPointGenerator':
          return pointGenerator(options as unknown as PointGeneratorOptions);
      }
    };
    build(); // config errors surface here, in prepare

    return {
      compute(): Generated {
        const generator = build();
        const set = generator.gridPriors(featmapSizes);
        return {
          baseAnchors: generator.kind === 'anchors' ? generator.baseAnchors : null,
          numBasePriors: generator.numBasePriors,
          set,
          pointsWithStride: withStride ? pointsWithStride(set) : null,
          validFlags: padShape === null ? null : validFlags(set, padShape),
          responsibleFlags: gtBoxes === null ? null : responsibleFlags(set, gtBoxes),
        };
      },
      format(result: Generated): Record<string, unknown> {
        const { set } = result;
        const out: Record<string, unknown> = {};
        if (result.baseAnchors !== null) out.base_anchors = result.baseAnchors.map((base) => toRows(base, 4));
        out.num_base_priors = [...result.numBasePriors];
        out.priors =
          result.pointsWithStride !== null
            ? levelRows(set, result.pointsWithStride, 4)
            : levelRows(set, set.priors, set.kind === 'points' ? 2 : 4);
        if (result.validFlags !== null) out.valid_flags = levelFlags(set, result.validFlags);
        if (result.responsibleFlags !== null) out.responsible_flags = levelFlags(set, result.responsibleFlags);
        return out;
      },
    };
  },
};
