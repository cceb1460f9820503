/**
 * Builds a {@link Preset} from a checked {@link PresetSpec}: the toolkit's own prior generator
 * and assigner, driven by the preset's test-time geometry.
 *
 * Validate once: a preset resolves its options when it is built and its priors once per
 * padded image shape (a small per-preset cache, which never changes a result); `prepare`
 * checks an image's boxes unless a loader already did; `assign` checks only what its caller
 * gives explicitly, then calls the strategies' kernels on resolved inputs (`assign…Resolved`),
 * never their checking public functions. Per assigner:
 * - `MaxIoUAssigner`: MaxIoU on the grid prior set. With `allowed_border >= 0` (the reference's
 *   `AnchorHead` assigns only `anchors[inside_flags]`, see {@link insideFlags}) the outside
 *   anchors are excluded (`validFlags`), which gives exactly the reference's result on the
 *   inside anchors; outside anchors come out ignored (-1), as the reference's `unmap` leaves
 *   them with label weight 0.
 * - `ATSSAssigner`: ATSS on the grid; with `allowed_border >= 0` the outside anchors are
 *   excluded the same way (never candidates: the reference's `num_level_anchors_inside`).
 * - `ApproxMaxIoUAssigner`: ApproxMaxIoU with the squares as priors and the approx anchors (A per
 *   square, the approx generator's base anchors per location) beside them.
 * - `GridAssigner`: YOLOv3's grid assignment (responsible cells from the grid).
 * - `FCOSAssigner`: FCOS on the point grid, strides from the point generator.
 * - `YOLOv5Assigner`: YOLOv5's ratio matching on the anchor grid.
 * - `CenterNetAssigner`: CenterNet over the cells of the stride-`s` output map of the padded
 *   input.
 * Ignore regions (the prepared image's `ignoreBoxes`) go to every assigner, which applies the
 * reference's own rule where it has one (MaxIoU, ApproxMaxIoU, ATSS: `ignore_iof_thr`, -1 = off
 * in every built-in config, so crowd boxes play no part, as in mmdetection) and the toolkit's
 * ignore rule elsewhere (`ignore_coverage_thr`, default 0.5).
 */
import { assignAtssResolved, resolveAtssOptions } from '../assigners/atss.js';
import { assignApproxMaxIoUResolved, resolveApproxMaxIoUOptions } from '../assigners/approx-max-iou.js';
import type { AssignResult } from '../assigners/assign-result.js';
import { assignCenterNetResolved, resolveCenterNetOptions } from '../assigners/centernet-targets.js';
import { assignFcosResolved, resolveFcosOptions } from '../assigners/fcos.js';
import { checkedInput, type ResolvedAssignInput } from '../assigners/inputs.js';
import { assignMaxIoUResolved, resolveMaxIoUOptions } from '../assigners/max-iou.js';
import { assignYoloV3GridResolved, resolveYoloV3GridOptions } from '../assigners/yolov3-grid.js';
import { assignYoloV5RatioResolved, resolveYoloV5RatioOptions } from '../assigners/yolov5-ratio.js';
import { invalidArgument } from '../errors.js';
import { anchorGeneratorWithNames, type FeatmapSize } from '../geometry/priors/anchor-generator.js';
import { pointGeneratorWithNames } from '../geometry/priors/point-generator.js';
import { priorLevels, type PriorSet } from '../geometry/priors/prior-set.js';
import { ssdAnchorGeneratorWithNames } from '../geometry/priors/ssd-anchor-generator.js';
import { responsibleFlags, yoloAnchorGeneratorWithNames } from '../geometry/priors/yolo-anchor-generator.js';
import type { DatasetImage } from '../datasets/dataset.js';
import { ASSIGNER_KEYS, configNames, GENERATOR_KEYS } from '../interop/mmdet/config-keys.js';
import { CONFIG_FN, configError, type GeneratorSpec, type PresetConfigJson, type PresetSpec } from './config.js';
import { boxesChecked, toBoxes } from '../validate.js';
import { featmapSizesFor, prepareImageAs } from './geometry.js';
import { registerPresetCalls, type PreparedImage, type Preset, type PresetCallsAs } from './preset.js';

const fround = Math.fround;
/** Padded shapes whose priors a preset keeps (COCO at 1333 x 800 has a few dozen distinct ones). */
const CACHE_SIZE = 8;
/**
 * Most priors one image may have (RetinaNet at 1333 x 800 has 120,087): beyond this the arrays
 * would take gigabytes, so an unresized huge image or a tiny stride is an error, not a crash.
 */
export const MAX_PRIORS_PER_IMAGE = 20_000_000;

/**
 * A preset built from a config: the {@link Preset} interface plus the config it came from.
 *
 * `assign(prepared, gtBoxes?, gtLabels?)`: without `gtBoxes`, the prepared image's objects and
 * classes; with `gtBoxes` (input pixels, e.g. one object for best-possible-recall counts) and
 * no `gtLabels`, class 0 for each. The prepared image's ignore regions always apply. Objects
 * are gts in the order given. Throws `LabelAssignError` on a `prepared` without a valid
 * `padded` size, `gtBoxes` that are not a Float32Array `[n * 4]` (or hold non-finite or
 * inverted boxes), `gtLabels` that are not an Int32Array `[n]`, and an input so large (or
 * strides so small) that it would need more than {@link MAX_PRIORS_PER_IMAGE} priors.
 */
export interface ConfiguredPreset extends Preset {
  /** The complete (merged) JSON config; pass it to `presetFromConfig` with changes to derive a preset. */
  readonly config: PresetConfigJson;
  /** Per level `[strideX, strideY]` in input pixels. */
  readonly strides: readonly (readonly [number, number])[];
  /**
   * The priors of a prepared image (cached per padded shape; the arrays are shared between
   * calls and must not be modified).
   * @returns feature-map sizes per level `[h, w]`, `numPriors`, `priorLevel` `[numPriors]`,
   *   `priorBoxes` `[numPriors * 4]`.
   */
  priors(prepared: PreparedImage): PriorLayout;
}

/** The priors of one padded input shape. */
export interface PriorLayout {
  readonly featmapSizes: readonly FeatmapSize[];
  readonly numPriors: number;
  /** `[numPriors]` level of each prior. */
  readonly priorLevel: Uint8Array;
  /** `[numPriors * 4]` each prior as a box in input pixels (points and cells as their cell). */
  readonly priorBoxes: Float32Array;
  /** The prior set the assigner takes (anchors or points); null for CenterNet's cells. */
  readonly set: PriorSet | null;
  /** ApproxMaxIoU only: the approx anchors. */
  readonly approxSet: PriorSet | null;
}

/** The generator side of a preset. */
interface Generator {
  readonly strides: readonly (readonly [number, number])[];
  readonly numBasePriors: readonly number[];
  layout(featmapSizes: readonly FeatmapSize[], padded: readonly [number, number]): PriorLayout;
}

/** Inputs of one `assign` call, checked once at the preset's boundary. */
interface AssignCall {
  readonly prepared: PreparedImage;
  readonly layout: PriorLayout;
  readonly gtBoxes: Float32Array;
  readonly gtLabels: Int32Array;
}

/** `YOLOBBoxCoder`'s default eps, as the YOLOv3 head uses it. */
const YOLO_CODER_EPS = 1e-6;

/**
 * The kernels' input of a call: the preset's own priors (generated, so never checked) and the
 * call's checked boxes. Nothing is copied.
 */
function kernelInput(call: AssignCall, set: PriorSet, validFlags: Uint8Array | null = null): ResolvedAssignInput {
  return checkedInput({ priors: set.priors, points: set.kind === 'points', set, gtBoxes: call.gtBoxes, gtLabels: call.gtLabels, ignoreBoxes: call.prepared.ignoreBoxes, validFlags });
}

type AssignFn = (call: AssignCall) => AssignResult;

function levelName(stride: readonly [number, number]): string {
  const s = stride[0];
  const log = Math.log2(s);
  return Number.isInteger(log) ? `P${log}` : `S${s}`;
}

/** Cell boxes `[x - sx/2, y - sy/2, x + sx/2, y + sy/2]` of a point set, float32. */
function pointCellBoxes(set: PriorSet): Float32Array {
  const out = new Float32Array(set.numPriors * 4);
  const p = set.priors;
  for (const level of set.levels) {
    const hx = level.strideX / 2;
    const hy = level.strideY / 2;
    for (let i = level.start; i < level.start + level.count; i++) {
      out[4 * i] = p[2 * i] - hx;
      out[4 * i + 1] = p[2 * i + 1] - hy;
      out[4 * i + 2] = p[2 * i] + hx;
      out[4 * i + 3] = p[2 * i + 1] + hy;
    }
  }
  return out;
}

/** Cell boxes of a `featH x featW` grid over a `padH x padW` input (CenterNet's cell size `pad / feat`). */
function gridCellBoxes(featH: number, featW: number, padH: number, padW: number): Float32Array {
  const out = new Float32Array(featH * featW * 4);
  const sx = padW / featW;
  const sy = padH / featH;
  let o = 0;
  for (let row = 0; row < featH; row++) {
    for (let col = 0; col < featW; col++) {
      out[o++] = fround(col * sx);
      out[o++] = fround(row * sy);
      out[o++] = fround((col + 1) * sx);
      out[o++] = fround((row + 1) * sy);
    }
  }
  return out;
}

function anchorLayout(set: PriorSet, featmapSizes: readonly FeatmapSize[], approxSet: PriorSet | null = null): PriorLayout {
  return Object.freeze({ featmapSizes, numPriors: set.numPriors, priorLevel: priorLevels(set), priorBoxes: set.priors, set, approxSet });
}

/**
 * The generator of a section (`prior_generator`, or ApproxMaxIoU's two), its options checked
 * with the section's config names: `fn: prior_generator.ratios[1] must be ...`.
 */
function buildGenerator(fn: string, spec: GeneratorSpec, section: string): Generator {
  const names = configNames(fn, [[section, GENERATOR_KEYS[spec.type]]]);
  switch (spec.type) {
    case 'AnchorGenerator':
    case 'SSDAnchorGenerator':
    case 'YOLOAnchorGenerator': {
      const gen =
        spec.type === 'AnchorGenerator'
          ? anchorGeneratorWithNames(spec.options, names)
          : spec.type === 'SSDAnchorGenerator'
            ? ssdAnchorGeneratorWithNames(spec.options, names)
            : yoloAnchorGeneratorWithNames(spec.options, names);
      return {
        strides: gen.strides,
        numBasePriors: gen.numBasePriors,
        layout: (sizes) => anchorLayout(gen.gridPriors(sizes), sizes),
      };
    }
    case 'MlvlPointGenerator': {
      const gen = pointGeneratorWithNames(spec.options, names);
      return {
        strides: gen.strides,
        numBasePriors: gen.numBasePriors,
        layout(sizes) {
          const set = gen.gridPriors(sizes);
          return Object.freeze({ featmapSizes: sizes, numPriors: set.numPriors, priorLevel: priorLevels(set), priorBoxes: pointCellBoxes(set), set, approxSet: null });
        },
      };
    }
    case 'FeatureGrid': {
      const stride = spec.options.stride;
      if (!(stride > 0)) throw configError(fn, names.option('stride'), 'a positive number', stride);
      return {
        strides: [[stride, stride]],
        numBasePriors: [1],
        layout(sizes, padded) {
          const [featH, featW] = sizes[0];
          const numPriors = featH * featW;
          const priorBoxes = numPriors === 0 ? new Float32Array(0) : gridCellBoxes(featH, featW, padded[0], padded[1]);
          return Object.freeze({ featmapSizes: sizes, numPriors, priorLevel: new Uint8Array(numPriors), priorBoxes, set: null, approxSet: null });
        },
      };
    }
  }
}

/**
 * The reference's `anchor_inside_flags` for an image whose resized (unpadded) shape is
 * `[h, w]`: anchor `[x1, y1, x2, y2]` is inside when `x1 >= -b`, `y1 >= -b`, `x2 < w + b` and
 * `y2 < h + b` (float32 comparisons); `b < 0` keeps every anchor.
 * @param anchors `[n * 4]`.
 * @returns `[n]` of 0/1.
 * @example insideFlags(Float32Array.of(-1, 0, 8, 8, 0, 0, 8, 8), [10, 10], 0); // [0, 1]
 */
export function insideFlags(anchors: Float32Array, imgShape: readonly [number, number], allowedBorder: number): Uint8Array {
  const n = anchors.length >> 2;
  const out = new Uint8Array(n);
  if (allowedBorder < 0) return out.fill(1);
  const lo = fround(-allowedBorder);
  const right = fround(imgShape[1] + allowedBorder);
  const bottom = fround(imgShape[0] + allowedBorder);
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    out[i] = anchors[o] >= lo && anchors[o + 1] >= lo && anchors[o + 2] < right && anchors[o + 3] < bottom ? 1 : 0;
  }
  return out;
}

/** The common result fields only (assigners may add large target maps the presets do not need). */
function core(result: AssignResult): AssignResult {
  return Object.freeze({ numGts: result.numGts, gtIndex: result.gtIndex, label: result.label, gtLabel: result.gtLabel, maxOverlap: result.maxOverlap });
}

/** `core(result)` with `gtLabel` read from `labels` (for assigners run with all-zero classes). */
function relabel(result: AssignResult, labels: Int32Array): AssignResult {
  const gtLabel = new Int32Array(result.gtIndex.length);
  for (let p = 0; p < gtLabel.length; p++) {
    const g = result.gtIndex[p];
    gtLabel[p] = g >= 0 ? labels[g] : -1;
  }
  return Object.freeze({ numGts: result.numGts, gtIndex: result.gtIndex, label: result.label, gtLabel, maxOverlap: result.maxOverlap });
}

function squareStrides(fn: string, section: string, strides: readonly (readonly [number, number])[]): number[] {
  return strides.map(([sx, sy], l) => {
    if (sx !== sy) throw configError(fn, `${section}.strides[${l}]`, 'a single number (square strides) for this assigner', [sx, sy]);
    return sx;
  });
}

/**
 * The assign function of the spec's assigner, its options checked with the config's names
 * (`fn: assigner.pos_iou_thr must be ...`; FCOS's strides are the point generator's,
 * `prior_generator.strides`).
 */
function buildAssign(fn: string, spec: PresetSpec, generator: Generator): AssignFn {
  const a = spec.assigner;
  const generatorSection = spec.approxGenerator === null ? 'prior_generator' : 'square_anchor_generator';
  const names = configNames(fn, [
    ['assigner', ASSIGNER_KEYS[a.type]],
    [generatorSection, GENERATOR_KEYS[spec.generator.type]],
  ]);
  const border = spec.allowedBorder;
  // The reference's inside flags depend on the resized (unpadded) image: kept per shape.
  const insideCache = new Map<string, Uint8Array>();
  const inside = (call: AssignCall, set: PriorSet): Uint8Array | null => {
    if (border < 0) return null;
    const [h, w] = call.prepared.resized;
    const key = `${call.prepared.padded.join('x')}|${h}x${w}`;
    let flags = insideCache.get(key);
    if (flags === undefined) {
      flags = insideFlags(set.priors, call.prepared.resized, border);
      if (insideCache.size >= CACHE_SIZE) insideCache.delete(insideCache.keys().next().value as string);
      insideCache.set(key, flags);
    }
    return flags;
  };
  switch (a.type) {
    case 'MaxIoUAssigner': {
      const options = resolveMaxIoUOptions(a.options, names);
      // With allowed_border >= 0 the outside anchors are excluded (validFlags): exactly the
      // reference's assignment of anchors[inside_flags], the others ignored as its unmap leaves them.
      return (call) => {
        const set = call.layout.set as PriorSet;
        return core(assignMaxIoUResolved(kernelInput(call, set, inside(call, set)), options));
      };
    }
    case 'ATSSAssigner': {
      const options = resolveAtssOptions(a.options, names);
      if (options.alpha !== null) throw configError(fn, names.option('alpha'), 'absent (cost-based ATSS needs network predictions, which a preset does not have)', options.alpha);
      // Excluded anchors are never candidates: the reference's ATSS on anchors[inside_flags]
      // with num_level_anchors_inside.
      return (call) => {
        const set = call.layout.set as PriorSet;
        return core(assignAtssResolved(kernelInput(call, set, inside(call, set)), options));
      };
    }
    case 'ApproxMaxIoUAssigner': {
      const options = resolveApproxMaxIoUOptions(a.options, names);
      return (call) => {
        const approxSet = call.layout.approxSet as PriorSet;
        const approxs = { boxes: approxSet.priors, set: approxSet, perSquare: approxSet.levels[0]?.numBasePriors ?? 1 };
        return core(assignApproxMaxIoUResolved(kernelInput(call, call.layout.set as PriorSet), approxs, options));
      };
    }
    case 'GridAssigner': {
      const strides = Float32Array.from(squareStrides(fn, generatorSection, generator.strides));
      // One class: the head's target map is not needed; classes are read back from gtIndex.
      const options = resolveYoloV3GridOptions({ ...a.options, numClasses: 1 }, names);
      return (call) => {
        const set = call.layout.set as PriorSet;
        const input = kernelInput({ ...call, gtLabels: new Int32Array(call.gtLabels.length) }, set);
        return relabel(assignYoloV3GridResolved(ASSIGN_FN, input, options, responsibleFlags(set, call.gtBoxes), strides, YOLO_CODER_EPS), call.gtLabels);
      };
    }
    case 'FCOSAssigner': {
      const strides = squareStrides(fn, generatorSection, generator.strides);
      const options = resolveFcosOptions({ ...a.options, strides }, names);
      return (call) => core(assignFcosResolved(kernelInput(call, call.layout.set as PriorSet), options));
    }
    case 'YOLOv5Assigner': {
      const options = resolveYoloV5RatioOptions(a.options, names);
      return (call) => core(assignYoloV5RatioResolved(kernelInput(call, call.layout.set as PriorSet), options));
    }
    case 'CenterNetAssigner': {
      // One heatmap channel: the max over class channels (maxOverlap) is the same, and the
      // [numClasses * h * w] heatmap is not allocated; classes are read back from gtIndex.
      const options = resolveCenterNetOptions({ ...a.options, numClasses: 1 }, names);
      return ({ prepared, layout, gtBoxes, gtLabels }) => {
        const [featH, featW] = layout.featmapSizes[0];
        const [imgH, imgW] = prepared.padded;
        const input = { gtBoxes, gtLabels: new Int32Array(gtLabels.length), numGts: gtLabels.length, featH, featW, imgH, imgW, ignoreBoxes: prepared.ignoreBoxes, validFlags: null };
        return relabel(assignCenterNetResolved(ASSIGN_FN, input, options), gtLabels);
      };
    }
  }
}

function checkApproxPair(fn: string, approx: Generator, squares: Generator): void {
  const a = approx.strides;
  const s = squares.strides;
  if (a.length !== s.length || a.some(([x, y], l) => x !== s[l][0] || y !== s[l][1])) {
    const show = (list: readonly (readonly [number, number])[]): string => list.map(([x, y]) => (x === y ? `${x}` : `[${x}, ${y}]`)).join(', ');
    throw configError(fn, 'square_anchor_generator.strides', `equal to approx_anchor_generator.strides (${show(a)}); they are ${show(s)}`);
  }
  const many = squares.numBasePriors.find((n) => n !== 1);
  if (many !== undefined) {
    throw configError(fn, 'square_anchor_generator', `a generator with one anchor per location (one ratio, one scale); it has ${many}`);
  }
  const perSquare = approx.numBasePriors[0];
  if (approx.numBasePriors.some((n) => n !== perSquare)) {
    throw configError(fn, 'approx_anchor_generator', `a generator with the same number of anchors on every level; it has ${approx.numBasePriors.join(', ')}`);
  }
}

function resolveLevelNames(fn: string, spec: PresetSpec, strides: readonly (readonly [number, number])[]): readonly string[] {
  const names = spec.levelNames;
  if (names !== null && names.length === strides.length) return names;
  if (names !== null && !spec.levelNamesInherited) {
    throw configError(fn, 'level_names', `an array of ${strides.length} names (one per level of the prior generator)`, names);
  }
  return strides.map(levelName);
}

/** The function a preset's assignment errors name when called through the {@link Preset} interface. */
const ASSIGN_FN = 'Preset.assign';
/** The function a preset's preparation errors name when called through the {@link Preset} interface. */
const PREPARE_FN = 'Preset.prepare';

/**
 * The boxes of one `assign` call, checked once: explicit `gtBoxes` always; the prepared image's
 * boxes only when `prepared` did not come from the preset's own `prepare` (which checked them).
 */
function checkGts(fn: string, prepared: PreparedImage, gtBoxes: unknown, gtLabels: unknown): { boxes: Float32Array; labels: Int32Array } {
  const trusted = boxesChecked(prepared);
  const boxes = gtBoxes === undefined ? prepared.gtBoxes : gtBoxes;
  if (!(boxes instanceof Float32Array) || boxes.length % 4 !== 0) throw invalidArgument(fn, 'gtBoxes', 'a Float32Array [numGts * 4] in input pixels', boxes);
  if (gtBoxes !== undefined || !trusted) toBoxes(fn, gtBoxes === undefined ? 'prepared.gtBoxes' : 'gtBoxes', boxes);
  if (!trusted) {
    if (!(prepared.ignoreBoxes instanceof Float32Array)) throw invalidArgument(fn, 'prepared.ignoreBoxes', 'a Float32Array [numIgnore * 4] (use preset.prepare(image))', prepared.ignoreBoxes);
    toBoxes(fn, 'prepared.ignoreBoxes', prepared.ignoreBoxes);
  }
  const numGts = boxes.length / 4;
  let labels: unknown = gtLabels;
  if (labels === undefined) labels = gtBoxes === undefined ? prepared.image.labels : new Int32Array(numGts);
  if (!(labels instanceof Int32Array) || labels.length !== numGts) {
    throw invalidArgument(fn, 'gtLabels', `an Int32Array with one class per gt box (${numGts})`, labels);
  }
  for (let i = 0; i < numGts; i++) {
    if (labels[i] < 0) throw invalidArgument(fn, `gtLabels[${i}]`, 'a non-negative class id', labels[i]);
  }
  return { boxes, labels };
}

/**
 * Builds the preset of a checked spec.
 * @param fn what every message starts with (as in {@link readPresetSpec}).
 * @throws {LabelAssignError} (code `invalid-config`) when the toolkit rejects a generator or
 *   assigner setting (the resolvers write the message in the config's keys), or on mismatched
 *   level names, approx/square generators that do not pair up, non-square strides for
 *   FCOS/YOLOv3, or an ATSS `alpha`.
 * @example buildPreset(readPresetSpec(retinanetJson)).levelNames; // ['P3', 'P4', 'P5', 'P6', 'P7']
 */
export function buildPreset(spec: PresetSpec, fn: string = CONFIG_FN): ConfiguredPreset {
  const squares = buildGenerator(fn, spec.generator, spec.approxGenerator === null ? 'prior_generator' : 'square_anchor_generator');
  const approx = spec.approxGenerator === null ? null : buildGenerator(fn, spec.approxGenerator, 'approx_anchor_generator');
  if (approx !== null) checkApproxPair(fn, approx, squares);
  const strides = squares.strides;
  const levelNames = Object.freeze(resolveLevelNames(fn, spec, strides).slice());
  const assignFn = buildAssign(fn, spec, squares);
  const geometry = spec.geometry;
  const cache = new Map<string, PriorLayout>();

  const priorsAs = (fn: string, prepared: PreparedImage): PriorLayout => {
    const padded = prepared?.padded;
    if (!Array.isArray(padded) || padded.length !== 2 || !padded.every((v) => Number.isInteger(v) && v >= 0)) {
      throw invalidArgument(fn, 'prepared.padded', 'an [H, W] pair of non-negative integers (use preset.prepare(image))', padded);
    }
    const key = `${padded[0]}x${padded[1]}`;
    let layout = cache.get(key);
    if (layout === undefined) {
      const sizes = featmapSizesFor(padded as unknown as [number, number], strides);
      const counts = [squares.numBasePriors, approx?.numBasePriors ?? []];
      const numPriors = Math.max(...counts.map((perLevel) => sizes.reduce((n, [h, w], l) => n + h * w * (perLevel[l] ?? 0), 0)));
      if (numPriors > MAX_PRIORS_PER_IMAGE) {
        const id = prepared.image?.id;
        throw invalidArgument(
          fn,
          `image${id === undefined ? '' : ` '${id}'`}`,
          `small enough for preset '${spec.name}': its ${padded[1]}x${padded[0]} input would need ${numPriors.toExponential(2)} priors, ` +
            `more than ${MAX_PRIORS_PER_IMAGE.toLocaleString('en-US')} (resize the images in the preset's image section, or use larger strides)`,
        );
      }
      layout = squares.layout(sizes, padded as unknown as [number, number]);
      if (approx !== null) {
        const approxSet = approx.layout(sizes, padded as unknown as [number, number]).set;
        layout = Object.freeze({ ...layout, approxSet });
      }
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(key, layout);
    }
    return layout;
  };

  // Errors in the caller's words: `Preset.assign` through the interface, `compare` from the command.
  const calls: PresetCallsAs = {
    prepare: (fn, image) => prepareImageAs(fn, geometry, image, spec.name),
    assign(fn, prepared, gtBoxes, gtLabels) {
      const layout = priorsAs(fn, prepared);
      const { boxes, labels } = checkGts(fn, prepared, gtBoxes, gtLabels);
      const result = assignFn({ prepared, layout, gtBoxes: boxes, gtLabels: labels });
      return Object.freeze({ result, priorLevel: layout.priorLevel, priorBoxes: layout.priorBoxes });
    },
  };
  const preset: ConfiguredPreset = Object.freeze({
    name: spec.name,
    description: spec.description,
    reference: spec.reference,
    levelNames,
    config: spec.json,
    strides,
    priors: (prepared: PreparedImage) => priorsAs(ASSIGN_FN, prepared),
    prepare: (image: DatasetImage) => calls.prepare(PREPARE_FN, image),
    assign: (prepared: PreparedImage, gtBoxes?: Float32Array, gtLabels?: Int32Array) => calls.assign(ASSIGN_FN, prepared, gtBoxes, gtLabels),
  });
  registerPresetCalls(preset, calls);
  return preset;
}
