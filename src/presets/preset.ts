/**
 * A detector preset: the deterministic (test-time) image geometry, the priors and the
 * assigner of one mmdetection config, so `compare` can ask "which priors would this detector
 * train on for this image?" for any dataset.
 */
import type { AssignResult } from '../assigners/assign-result.js';
import type { DatasetImage } from '../datasets/dataset.js';
import { LabelAssignError } from '../errors.js';

/** An image after the preset's resize and padding, with its boxes in network-input pixels. */
export interface PreparedImage {
  readonly image: DatasetImage;
  /** Size after resizing, before padding: `[height, width]`. */
  readonly resized: readonly [number, number];
  /** Size after padding (what the feature maps come from): `[height, width]`. */
  readonly padded: readonly [number, number];
  /** Factors from image pixels to input pixels, per axis. */
  readonly scaleX: number;
  readonly scaleY: number;
  /** Letterbox offset added after scaling (YOLOv5), else 0. */
  readonly offsetX: number;
  readonly offsetY: number;
  /** Objects and ignore regions in input pixels (`[n * 4]`). */
  readonly gtBoxes: Float32Array;
  readonly ignoreBoxes: Float32Array;
}

/** What one preset gives for one image. */
export interface PresetAssignment {
  readonly result: AssignResult;
  /** Pyramid level of each prior, `[numPriors]`. */
  readonly priorLevel: Uint8Array;
  /**
   * Each prior as a box in input pixels, `[numPriors * 4]` (points and cells as their cell box),
   * for drawing.
   */
  readonly priorBoxes: Float32Array;
}

export interface Preset {
  /** Short name used on the command line, e.g. `retinanet`. */
  readonly name: string;
  /** One line for tables and help. */
  readonly description: string;
  /** The mmdetection 3.x config it reproduces. */
  readonly reference: string;
  /** Names of the pyramid levels, e.g. `['P3', 'P4', 'P5', 'P6', 'P7']`. */
  readonly levelNames: readonly string[];
  /** Test-time geometry: resize and pad, boxes scaled. Pure. */
  prepare(image: DatasetImage): PreparedImage;
  /**
   * Assigns the priors of a prepared image to `gtBoxes` (input pixels; by default the image's
   * own). `compare` also calls it with one object at a time to measure best possible recall
   * and priors claimed by several objects.
   */
  assign(prepared: PreparedImage, gtBoxes?: Float32Array, gtLabels?: Int32Array): PresetAssignment;
}

/** A preset's `prepare` and `assign`, with the errors in one caller's words. */
export interface PresetCalls {
  prepare(image: DatasetImage): PreparedImage;
  assign(prepared: PreparedImage, gtBoxes?: Float32Array, gtLabels?: Int32Array): PresetAssignment;
}

/** `prepare` and `assign` taking what their messages start with. */
export interface PresetCallsAs {
  prepare(fn: string, image: DatasetImage): PreparedImage;
  assign(fn: string, prepared: PreparedImage, gtBoxes?: Float32Array, gtLabels?: Int32Array): PresetAssignment;
}

/** The toolkit's own presets' calls in any caller's words (see {@link presetCallsAs}). */
const CALLS_AS = new WeakMap<Preset, PresetCallsAs>();

/**
 * Registers the calls of a preset the toolkit built, so that {@link presetCallsAs} can give
 * its errors in a caller's words.
 * @internal for `buildPreset`.
 */
export function registerPresetCalls(preset: Preset, calls: PresetCallsAs): void {
  CALLS_AS.set(preset, calls);
}

/**
 * A preset's `prepare` and `assign` as a command (`compare`, `inspect`) calls them, so that
 * their errors start with the command and name the image: `compare: image '17' must be small
 * enough for preset 'x': ...`. The toolkit's presets write their messages in `fn`'s words from
 * the start; a preset made outside the toolkit (an object implementing {@link Preset}) has its
 * `LabelAssignError`s wrapped whole: `compare: image '17', preset 'mine': <its message>`.
 * @internal for the report and the command line.
 * @example presetCallsAs('compare', PRESETS.fcos).prepare(image);
 */
export function presetCallsAs(fn: string, preset: Preset): PresetCalls {
  const own = CALLS_AS.get(preset);
  if (own !== undefined) {
    return {
      prepare: (image) => own.prepare(fn, image),
      assign: (prepared, gtBoxes, gtLabels) => own.assign(fn, prepared, gtBoxes, gtLabels),
    };
  }
  const wrapped = <T>(image: DatasetImage | undefined, call: () => T): T => {
    try {
      return call();
    } catch (error) {
      if (!(error instanceof LabelAssignError)) throw error;
      throw new LabelAssignError(error.code, error.path, `${fn}: image '${String(image?.id)}', preset '${preset.name}': ${error.message}`);
    }
  };
  return {
    prepare: (image) => wrapped(image, () => preset.prepare(image)),
    assign: (prepared, gtBoxes, gtLabels) => wrapped(prepared?.image, () => preset.assign(prepared, gtBoxes, gtLabels)),
  };
}
