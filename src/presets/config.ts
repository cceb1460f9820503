/**
 * Presets written as JSON: an mmdetection-style config of the image geometry, the prior
 * generator and the assigner, checked once with errors that name the offending key.
 *
 * Schema (`PresetConfigJson`; snake_case keys as in mmdetection configs):
 *
 * ```json
 * {
 *   "name": "retina-0.6",                 // required: [A-Za-z0-9][A-Za-z0-9._-]*
 *   "base": "retinanet",                  // optional: a built-in preset whose fields are overridden
 *   "description": "...", "reference": "...",
 *   "level_names": ["P3", "P4", "P5", "P6", "P7"],
 *   "image": {
 *     "resize": "keep_ratio",             // keep_ratio | stretch | letterbox | none
 *     "scale": [1333, 800],               // [w, h]; required unless resize is none
 *     "pad_divisor": 32,                  // pad right/bottom to a multiple (default 1)
 *     "center_pad": [31, 1],              // RandomCenterCropPad test mode [or_mask, add] (default none)
 *     "clip_boxes": true                  // clip boxes to the resized image (default true)
 *   },
 *   "prior_generator": { "type": "AnchorGenerator", "strides": [8, 16, 32, 64, 128], ... },
 *   "assigner": { "type": "MaxIoUAssigner", "pos_iou_thr": 0.6, "neg_iou_thr": 0.4 },
 *   "allowed_border": -1                  // train_cfg.allowed_border (default -1: every anchor)
 * }
 * ```
 *
 * Prior generators (`prior_generator.type`) and their keys:
 * - `AnchorGenerator`: strides, ratios, scales | (octave_base_scale, scales_per_octave),
 *   base_sizes, scale_major, centers, center_offset.
 * - `SSDAnchorGenerator`: strides, ratios (one list per level), min_sizes, max_sizes,
 *   basesize_ratio_range, input_size, scale_major.
 * - `YOLOAnchorGenerator`: strides, base_sizes (per level a list of `[w, h]`).
 * - `MlvlPointGenerator`: strides, offset.
 * - `FeatureGrid` (toolkit name; CenterNet's output cells): stride.
 * `ApproxMaxIoUAssigner` takes `approx_anchor_generator` and `square_anchor_generator` (both
 * `AnchorGenerator`, same strides, one square per location) instead of `prior_generator`.
 *
 * Assigners (`assigner.type`) and their keys:
 * - `MaxIoUAssigner`, `ApproxMaxIoUAssigner`: pos_iou_thr, neg_iou_thr (number or `[lo, hi]`),
 *   min_pos_iou, gt_max_assign_all, match_low_quality, ignore_iof_thr, ignore_wrt_candidates.
 * - `ATSSAssigner`: topk, alpha, ignore_iof_thr.
 * - `GridAssigner` (YOLOv3): pos_iou_thr, neg_iou_thr, min_pos_iou, gt_max_assign_all,
 *   ignore_coverage_thr (toolkit ignore rule).
 * - `FCOSAssigner` (toolkit name; mmdetection does this in `FCOSHead`): regress_ranges (use
 *   1e8 for mmdetection's INF), center_sampling, center_sample_radius, norm_on_bbox,
 *   ignore_coverage_thr (toolkit ignore rule). Strides come from the point generator.
 * - `YOLOv5Assigner` (toolkit name): anchor_t, neighbor_offset, ignore_coverage_thr.
 * - `CenterNetAssigner` (toolkit name; mmdetection does this in `CenterNetHead`): min_overlap,
 *   ignore_coverage_thr.
 * Anchor generators go with MaxIoU, ATSS, Grid and YOLOv5 assigners; the point generator
 * with FCOS; the feature grid with CenterNet. `allowed_border >= 0` (the reference's
 * `anchor_inside_flags`) is supported with MaxIoU and ATSS.
 *
 * The keys of every type, and the toolkit option each becomes, are the mmdetection dialect's
 * tables in `src/interop/mmdet/config-keys.ts` (the `eval-cases` runners read the same ones);
 * the mmdetection-only keys that change nothing there (`gpu_assign_thr`, `iou_calculator:
 * {"type": "BboxOverlaps2D"}`, `use_box_type`) are accepted here too.
 *
 * Overriding a base (`base` key, or the `base` argument of `presetFromConfig`): top-level
 * values replace the base's; `image` is merged key by key; a generator or assigner section is
 * merged key by key when its `type` is omitted or equal to the base's, and replaces the base's
 * section when the type differs (mmdetection's `_delete_`); `null` removes a section.
 */
import { describeValue, LabelAssignError } from '../errors.js';
import {
  ASSIGNER_KEYS,
  checkNeutralKeys,
  configKeys,
  GENERATOR_KEYS,
  NEUTRAL_KEYS,
  type AssignerType,
  type GeneratorType,
  type KeyTable,
  type ValueKind,
} from '../interop/mmdet/config-keys.js';
import type { FcosOptions } from '../assigners/fcos.js';
import type { MaxIoUOptions } from '../assigners/max-iou.js';
import type { AtssOptions } from '../assigners/atss.js';
import type { YoloV3GridOptions } from '../assigners/yolov3-grid.js';
import type { YoloV5RatioOptions } from '../assigners/yolov5-ratio.js';
import type { CenterNetOptions } from '../assigners/centernet-targets.js';
import type { AnchorGeneratorOptions } from '../geometry/priors/anchor-generator.js';
import type { SSDAnchorGeneratorOptions } from '../geometry/priors/ssd-anchor-generator.js';
import type { YOLOAnchorGeneratorOptions } from '../geometry/priors/yolo-anchor-generator.js';
import type { PointGeneratorOptions } from '../geometry/priors/point-generator.js';
import { checkKnownKeys } from '../validate.js';
import type { ImageGeometry, ResizeMode } from './geometry.js';

/** The function name every config error carries. */
export const CONFIG_FN = 'presetFromConfig';

/** A JSON value as the config holds it. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** An mmdetection-style section: `{ "type": ..., ...keys }`. */
export interface TypedSectionJson {
  readonly type?: string;
  readonly [key: string]: JsonValue | undefined;
}

/** `image` section of a preset config. */
export interface ImageConfigJson {
  readonly resize?: ResizeMode;
  readonly scale?: readonly [number, number];
  readonly pad_divisor?: number;
  readonly center_pad?: readonly [number, number] | null;
  readonly clip_boxes?: boolean;
}

/** A preset written as JSON (see the module documentation for every key). */
export interface PresetConfigJson {
  readonly name: string;
  readonly base?: string;
  readonly description?: string;
  readonly reference?: string;
  readonly level_names?: readonly string[];
  readonly image?: ImageConfigJson;
  readonly prior_generator?: TypedSectionJson | null;
  readonly approx_anchor_generator?: TypedSectionJson | null;
  readonly square_anchor_generator?: TypedSectionJson | null;
  readonly assigner?: TypedSectionJson | null;
  readonly allowed_border?: number;
}

/** A checked generator section, in the toolkit's camelCase options. */
export type GeneratorSpec =
  | { readonly type: 'AnchorGenerator'; readonly options: AnchorGeneratorOptions }
  | { readonly type: 'SSDAnchorGenerator'; readonly options: SSDAnchorGeneratorOptions }
  | { readonly type: 'YOLOAnchorGenerator'; readonly options: YOLOAnchorGeneratorOptions }
  | { readonly type: 'MlvlPointGenerator'; readonly options: PointGeneratorOptions }
  | { readonly type: 'FeatureGrid'; readonly options: { readonly stride: number } };

/** A checked assigner section, in the toolkit's camelCase options. */
export type AssignerSpec =
  | { readonly type: 'MaxIoUAssigner'; readonly options: MaxIoUOptions }
  | { readonly type: 'ApproxMaxIoUAssigner'; readonly options: MaxIoUOptions }
  | { readonly type: 'ATSSAssigner'; readonly options: AtssOptions }
  | { readonly type: 'GridAssigner'; readonly options: Omit<YoloV3GridOptions, 'numClasses'> }
  | { readonly type: 'FCOSAssigner'; readonly options: Omit<FcosOptions, 'strides'> }
  | { readonly type: 'YOLOv5Assigner'; readonly options: YoloV5RatioOptions }
  | { readonly type: 'CenterNetAssigner'; readonly options: Omit<CenterNetOptions, 'numClasses'> };

/** A preset config after merging and checking the JSON (values not yet checked by the toolkit). */
export interface PresetSpec {
  readonly name: string;
  readonly description: string;
  readonly reference: string;
  /** Level names, or null to derive them from the strides. */
  readonly levelNames: readonly string[] | null;
  /** True when `levelNames` came from the base rather than the config itself (they are then re-derived if the level count changed). */
  readonly levelNamesInherited: boolean;
  readonly geometry: ImageGeometry;
  /** The prior generator (for ApproxMaxIoU: the square generator). */
  readonly generator: GeneratorSpec;
  /** ApproxMaxIoU only: the approx generator. */
  readonly approxGenerator: GeneratorSpec | null;
  readonly assigner: AssignerSpec;
  readonly allowedBorder: number;
  /** The merged JSON config this spec came from. */
  readonly json: PresetConfigJson;
}

// ---------------------------------------------------------------------------------------------
// errors

/**
 * `fn: <path> must be <expected>, but was <actual>`, code `invalid-config`. `fn` is
 * `presetFromConfig`, or what a command reading a config file says (`compare: preset config
 * my.json`).
 * @example throw configError('presetFromConfig', 'assigner.pos_iou_thr', 'a number', 'x');
 */
export function configError(fn: string, path: string, expected: string, ...actual: unknown[]): LabelAssignError {
  const tail = actual.length > 0 ? `, but was ${describeValue(actual[0])}` : '';
  return new LabelAssignError('invalid-config', path, `${fn}: ${path} must be ${expected}${tail}`);
}

// ---------------------------------------------------------------------------------------------
// JSON shape checks (values are checked by the toolkit's resolvers afterwards)

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * The shape checks of one config reading: each throws {@link configError} under `fn`, naming
 * the path it is given.
 */
class ShapeReader {
  constructor(readonly fn: string) {}

  error(path: string, expected: string, ...actual: unknown[]): LabelAssignError {
    return configError(this.fn, path, expected, ...actual);
  }

  record(path: string, value: unknown): Record<string, unknown> {
    if (!isRecord(value)) throw this.error(path, 'an object', value);
    return value;
  }

  number(path: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.error(path, 'a finite number', value);
    return value;
  }

  integer(path: string, value: unknown, min: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw this.error(path, `an integer >= ${min}`, value);
    return value;
  }

  boolean(path: string, value: unknown): boolean {
    if (typeof value !== 'boolean') throw this.error(path, 'true or false', value);
    return value;
  }

  string(path: string, value: unknown): string {
    if (typeof value !== 'string' || value.length === 0) throw this.error(path, 'a non-empty string', value);
    return value;
  }

  array(path: string, value: unknown, what: string): readonly unknown[] {
    if (!Array.isArray(value)) throw this.error(path, what, value);
    return value;
  }

  numbers(path: string, value: unknown): number[] {
    return this.array(path, value, 'an array of numbers').map((v, i) => this.number(`${path}[${i}]`, v));
  }

  pair(path: string, value: unknown): [number, number] {
    const list = this.array(path, value, 'a pair [a, b] of numbers');
    if (list.length !== 2) throw this.error(path, 'a pair [a, b] of numbers', value);
    return [this.number(`${path}[0]`, list[0]), this.number(`${path}[1]`, list[1])];
  }

  numberOrPair(path: string, value: unknown): number | [number, number] {
    return Array.isArray(value) ? this.pair(path, value) : this.number(path, value);
  }

  /** A value of the given {@link ValueKind}. */
  kind(kind: ValueKind, path: string, value: unknown): unknown {
    switch (kind) {
      case 'number':
        return this.number(path, value);
      case 'integer':
        return this.integer(path, value, 1);
      case 'boolean':
        return this.boolean(path, value);
      case 'numbers':
        return this.numbers(path, value);
      case 'pair':
        return this.pair(path, value);
      case 'numberOrPair':
        return this.numberOrPair(path, value);
      case 'strides':
        return this.array(path, value, 'an array of strides (numbers or [w, h] pairs)').map((v, i) => this.numberOrPair(`${path}[${i}]`, v));
      case 'pairs':
        return this.array(path, value, 'an array of [a, b] pairs').map((v, i) => this.pair(`${path}[${i}]`, v));
      case 'numberLists':
        return this.array(path, value, 'an array with one list of numbers per level').map((v, i) => this.numbers(`${path}[${i}]`, v));
      case 'sizeLists':
        return this.array(path, value, 'an array with one list of [w, h] sizes per level').map((v, i) =>
          this.array(`${path}[${i}]`, v, 'an array of [w, h] sizes').map((s, j) => this.numberOrPair(`${path}[${i}][${j}]`, s)),
        );
      case 'json':
        return value;
    }
  }

  /**
   * A `{ type, ...keys }` section: the type must be one of `tables`' keys; every key must be
   * the type's (or one of its neutral mmdetection keys); values are read by kind into the
   * toolkit's camelCase options.
   */
  typedSection<T extends AssignerType | GeneratorType>(path: string, value: unknown, tables: Readonly<Record<T, KeyTable>>): { type: T; options: Record<string, unknown> } {
    const record = this.record(path, value);
    const types = Object.keys(tables) as T[];
    const type = record.type;
    if (typeof type !== 'string' || !types.includes(type as T)) {
      throw this.error(`${path}.type`, `one of ${types.map((t) => `'${t}'`).join(', ')}`, type);
    }
    const table = tables[type as T];
    const neutral = NEUTRAL_KEYS[type as T].map((k) => k.key);
    checkKnownKeys(this.fn, path, record, ['type', ...configKeys(table), ...neutral]);
    checkNeutralKeys(this.fn, path, type as T, record);
    const options: Record<string, unknown> = {};
    for (const [key, option, kind] of table) {
      if (record[key] !== undefined) options[option] = this.kind(kind, `${path}.${key}`, record[key]);
    }
    return { type: type as T, options };
  }
}

// ---------------------------------------------------------------------------------------------
// merging and checking

const TOP_KEYS = [
  'name',
  'base',
  'description',
  'reference',
  'level_names',
  'image',
  'prior_generator',
  'approx_anchor_generator',
  'square_anchor_generator',
  'assigner',
  'allowed_border',
] as const;
const IMAGE_KEYS = ['resize', 'scale', 'pad_divisor', 'center_pad', 'clip_boxes'] as const;
const RESIZE_MODES: readonly ResizeMode[] = ['keep_ratio', 'stretch', 'letterbox', 'none'];
const SECTIONS = ['prior_generator', 'approx_anchor_generator', 'square_anchor_generator', 'assigner'] as const;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Merges an override into a base config (see the module documentation).
 * @param base a complete config (a built-in preset's).
 * @param override a checked top-level object.
 * @returns the merged JSON config, `base` key removed.
 * @throws never (shapes are checked afterwards).
 * @example mergeConfig(retinanetJson, { name: 'r6', assigner: { pos_iou_thr: 0.6 } }).assigner;
 */
export function mergeConfig(base: PresetConfigJson, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  delete merged.base;
  for (const [key, value] of Object.entries(override)) {
    if (key === 'base' || value === undefined) continue;
    if (key === 'image' && isRecord(value) && isRecord(merged.image)) {
      merged.image = { ...merged.image, ...value };
    } else if ((SECTIONS as readonly string[]).includes(key) && isRecord(value) && isRecord(merged[key])) {
      const old = merged[key] as Record<string, unknown>;
      merged[key] = value.type === undefined || value.type === old.type ? { ...old, ...value } : value;
    } else {
      merged[key] = value;
    }
  }
  // Switching to or from ApproxMaxIoU drops the base's generator sections that no longer apply.
  const assigner = merged.assigner;
  const approx = isRecord(assigner) && assigner.type === 'ApproxMaxIoUAssigner';
  if (approx && override.prior_generator === undefined) delete merged.prior_generator;
  if (!approx) {
    if (override.approx_anchor_generator === undefined) delete merged.approx_anchor_generator;
    if (override.square_anchor_generator === undefined) delete merged.square_anchor_generator;
  }
  for (const key of SECTIONS) if (merged[key] === null) delete merged[key];
  // The base's own description and reference no longer describe the result.
  if (override.reference === undefined && base.reference !== undefined) merged.reference = `${base.reference} (modified)`;
  if (override.description === undefined) {
    const changed = Object.keys(override).filter((k) => k !== 'name' && k !== 'base');
    merged.description = `${base.name} with ${changed.length > 0 ? `its ${changed.join(', ')} overridden` : 'no changes'}`;
  }
  return merged;
}

function readGeometry(read: ShapeReader, value: unknown): ImageGeometry {
  const record = read.record('image', value);
  checkKnownKeys(read.fn, 'image', record, IMAGE_KEYS);
  const resize = record.resize;
  if (typeof resize !== 'string' || !RESIZE_MODES.includes(resize as ResizeMode)) {
    throw read.error('image.resize', `one of ${RESIZE_MODES.map((m) => `'${m}'`).join(', ')}`, resize);
  }
  let scale: [number, number] | null = null;
  if (resize !== 'none') {
    if (record.scale === undefined) throw read.error('image.scale', `given ([w, h]) when image.resize is '${resize}'`);
    scale = read.pair('image.scale', record.scale);
    scale.forEach((s, i) => read.integer(`image.scale[${i}]`, s, 1));
  } else if (record.scale !== undefined && record.scale !== null) {
    throw read.error('image.scale', "absent (or null, to drop a base preset's) when image.resize is 'none'", record.scale);
  }
  const padDivisor = record.pad_divisor === undefined ? 1 : read.integer('image.pad_divisor', record.pad_divisor, 1);
  let centerPad: [number, number] | null = null;
  if (record.center_pad !== undefined && record.center_pad !== null) {
    centerPad = read.pair('image.center_pad', record.center_pad);
    read.integer('image.center_pad[0]', centerPad[0], 0);
    read.integer('image.center_pad[1]', centerPad[1], 0);
  }
  const clipBoxes = record.clip_boxes === undefined ? true : read.boolean('image.clip_boxes', record.clip_boxes);
  return Object.freeze({ resize: resize as ResizeMode, scale: scale && Object.freeze(scale), padDivisor, centerPad: centerPad && Object.freeze(centerPad), clipBoxes });
}

/** A deep copy with every object and array frozen (the caller's config is never frozen or kept). */
function frozenCopy(value: unknown): unknown {
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy));
  if (isRecord(value)) return Object.freeze(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, frozenCopy(v)])));
  return value;
}

const ANCHOR_TYPES: readonly GeneratorSpec['type'][] = ['AnchorGenerator', 'SSDAnchorGenerator', 'YOLOAnchorGenerator'];

/** Which generator types each assigner accepts. */
const COMPATIBLE: Readonly<Record<AssignerSpec['type'], readonly GeneratorSpec['type'][]>> = {
  MaxIoUAssigner: ANCHOR_TYPES,
  ApproxMaxIoUAssigner: ['AnchorGenerator'],
  ATSSAssigner: ANCHOR_TYPES,
  GridAssigner: ANCHOR_TYPES,
  YOLOv5Assigner: ANCHOR_TYPES,
  FCOSAssigner: ['MlvlPointGenerator'],
  CenterNetAssigner: ['FeatureGrid'],
};

/**
 * Checks a preset config (JSON), merged over `base` when given, and returns its spec. Only the
 * JSON shapes and the combinations are checked here; the values are checked by the toolkit's
 * generators and assigners when the preset is built (their errors are written in the config's
 * keys from the start: `buildPreset` gives them the config's names).
 * @param json the config object.
 * @param base the base preset's complete config, or undefined.
 * @param fn what every message starts with: `presetFromConfig`, or a command's words for the
 *   config file it reads (`compare: preset config my.json`).
 * @throws {LabelAssignError} (code `invalid-config`) naming the key: a missing or malformed
 *   `name`, an unknown key at any level, a value of the wrong type, an unknown `type`, an
 *   assigner with a generator it cannot use, missing sections, `allowed_border >= 0` with an
 *   assigner that does not support it.
 * @example
 * readPresetSpec({ name: 'r6', assigner: { pos_iou_thr: 0.6 } }, retinanetJson).assigner.options.positiveIouThreshold; // 0.6
 */
export function readPresetSpec(json: unknown, base?: PresetConfigJson, fn: string = CONFIG_FN): PresetSpec {
  const read = new ShapeReader(fn);
  const top = read.record('config', json);
  checkKnownKeys(fn, 'config', top, TOP_KEYS);
  const name = read.string('name', top.name);
  if (!NAME_PATTERN.test(name)) throw read.error('name', 'letters, digits, ".", "_" or "-", starting with a letter or digit', name);
  const merged = base === undefined ? { ...top } : mergeConfig(base, top);
  delete merged.base;
  const description = merged.description === undefined ? `custom preset ${name}` : read.string('description', merged.description);
  const reference = merged.reference === undefined ? 'custom' : read.string('reference', merged.reference);
  let levelNames: string[] | null = null;
  if (merged.level_names !== undefined) {
    levelNames = read.array('level_names', merged.level_names, 'an array of level names').map((v, i) => read.string(`level_names[${i}]`, v));
  }
  if (merged.image === undefined) throw read.error('image', 'given (an object with resize, scale, pad_divisor, ...)');
  const geometry = readGeometry(read, merged.image);
  if (merged.assigner === undefined) throw read.error('assigner', 'given (an object with a type, e.g. MaxIoUAssigner)');
  const assigner = read.typedSection('assigner', merged.assigner, ASSIGNER_KEYS) as AssignerSpec;
  let generator: GeneratorSpec;
  let approxGenerator: GeneratorSpec | null = null;
  if (assigner.type === 'ApproxMaxIoUAssigner') {
    if (merged.prior_generator !== undefined) {
      throw read.error('prior_generator', 'absent with an ApproxMaxIoUAssigner (give approx_anchor_generator and square_anchor_generator)', merged.prior_generator);
    }
    if (merged.approx_anchor_generator === undefined) throw read.error('approx_anchor_generator', 'given with an ApproxMaxIoUAssigner');
    if (merged.square_anchor_generator === undefined) throw read.error('square_anchor_generator', 'given with an ApproxMaxIoUAssigner');
    approxGenerator = read.typedSection('approx_anchor_generator', merged.approx_anchor_generator, GENERATOR_KEYS) as GeneratorSpec;
    generator = read.typedSection('square_anchor_generator', merged.square_anchor_generator, GENERATOR_KEYS) as GeneratorSpec;
    if (approxGenerator.type !== 'AnchorGenerator') throw read.error('approx_anchor_generator.type', "'AnchorGenerator'", approxGenerator.type);
    if (generator.type !== 'AnchorGenerator') throw read.error('square_anchor_generator.type', "'AnchorGenerator'", generator.type);
  } else {
    for (const key of ['approx_anchor_generator', 'square_anchor_generator'] as const) {
      if (merged[key] !== undefined) throw read.error(key, `absent unless assigner.type is 'ApproxMaxIoUAssigner' (it is '${assigner.type}')`, merged[key]);
    }
    if (merged.prior_generator === undefined) throw read.error('prior_generator', 'given (an object with a type, e.g. AnchorGenerator)');
    generator = read.typedSection('prior_generator', merged.prior_generator, GENERATOR_KEYS) as GeneratorSpec;
    const allowed = COMPATIBLE[assigner.type];
    if (!allowed.includes(generator.type)) {
      throw read.error(
        'prior_generator.type',
        `${allowed.map((t) => `'${t}'`).join(' or ')} with assigner.type '${assigner.type}'`,
        generator.type,
      );
    }
  }
  const allowedBorder = merged.allowed_border === undefined ? -1 : read.number('allowed_border', merged.allowed_border);
  if (allowedBorder >= 0 && assigner.type !== 'MaxIoUAssigner' && assigner.type !== 'ATSSAssigner') {
    throw read.error('allowed_border', `negative (every anchor used) with assigner.type '${assigner.type}'; allowed_border >= 0 is supported with MaxIoUAssigner and ATSSAssigner`, allowedBorder);
  }
  return Object.freeze({
    name,
    description,
    reference,
    levelNames: levelNames && Object.freeze(levelNames),
    levelNamesInherited: base !== undefined && top.level_names === undefined,
    geometry,
    generator,
    approxGenerator,
    assigner,
    allowedBorder,
    json: frozenCopy({ ...merged, name, description, reference }) as unknown as PresetConfigJson,
  });
}
