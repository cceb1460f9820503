/**
 * A detector preset: the deterministic (test-time) image geometry, the priors and the
 * assigner of one mmdetection config, so `compare` can ask "which priors would this detector
 * train on for this image?" for any dataset.
 */
import type { AssignResult } from '../assigners/assign-result.js';
import type { DatasetImage } from '../datasets/dataset.js';

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
