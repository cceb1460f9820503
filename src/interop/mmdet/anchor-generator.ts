/**
 * Family `anchor_generator`: mmdetection's prior generators (`AnchorGenerator`,
 * `SSDAnchorGenerator`, `YOLOAnchorGenerator`, `MlvlPointGenerator`) with their `grid_priors`,
 * `valid_flags` and, for YOLO, `YOLOV3Head.responsible_flags`. Translates the snake_case config
 * dict to the toolkit's camelCase options (the tables of `config-keys.ts`).
 */
import { invalidArgument } from '../../errors.js';
import { anchorGeneratorWithNames, type AnchorGeneratorOptions, type FeatmapSize } from '../../geometry/priors/anchor-generator.js';
import { pointGeneratorWithNames, pointsWithStride, type PointGeneratorOptions } from '../../geometry/priors/point-generator.js';
import type { PriorSet } from '../../geometry/priors/prior-set.js';
import { ssdAnchorGeneratorWithNames, type SSDAnchorGeneratorOptions } from '../../geometry/priors/ssd-anchor-generator.js';
import { validFlags } from '../../geometry/priors/valid-flags.js';
import { responsibleFlags, yoloAnchorGeneratorWithNames, type YOLOAnchorGeneratorOptions } from '../../geometry/priors/yolo-anchor-generator.js';
import { checkKnownKeys, type OptionNames } from '../../validate.js';
import { readMatrix, toList, toRows, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { configKeys, configNames, GENERATOR_KEYS, NEUTRAL_KEYS, translate } from './config-keys.js';

const FAMILY = 'anchor_generator';
const TYPES = ['AnchorGenerator', 'SSDAnchorGenerator', 'YOLOAnchorGenerator', 'MlvlPointGenerator'] as const;
type GeneratorType = (typeof TYPES)[number];

interface Generated {
  readonly baseAnchors: readonly Float32Array[] | null;
  readonly numBasePriors: readonly number[];
  readonly set: PriorSet;
  /** Points with their strides (`with_stride`), `[n * 4]`; null otherwise. */
  readonly pointsWithStride: Float32Array | null;
  readonly validFlags: Uint8Array | null;
  readonly responsibleFlags: Uint8Array | null;
}

/** Translates a config dict (`GENERATOR_KEYS[type]`, plus the neutral `use_box_type`) to camelCase options; `null` (Python `None`) means "not given". */
function translateConfig(type: GeneratorType, config: Record<string, unknown>): Record<string, unknown> {
  const table = GENERATOR_KEYS[type];
  checkKnownKeys('eval-cases', 'config', config, ['type', ...NEUTRAL_KEYS[type].map((k) => k.key), ...configKeys(table)]);
  return translate(config, table);
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
    // Option errors name the config's keys: `eval-cases: config.ratios[1] must be ...`.
    const names: OptionNames = configNames('eval-cases', [['config', GENERATOR_KEYS[generatorType]]]);
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
          return anchorGeneratorWithNames(options as unknown as AnchorGeneratorOptions, names);
        case 'SSDAnchorGenerator':
          return ssdAnchorGeneratorWithNames(options as unknown as SSDAnchorGeneratorOptions, names);
        case 'YOLOAnchorGenerator':
          return yoloAnchorGeneratorWithNames(options as unknown as YOLOAnchorGeneratorOptions, names);
        case 'MlvlPointGenerator':
          return pointGeneratorWithNames(options as unknown as PointGeneratorOptions, names);
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
