/**
 * Test-time image geometry of the presets: how an image of the dataset becomes the network
 * input whose feature maps hold the priors, and where its boxes land in that input.
 *
 * Rules reproduced (facts of mmcv 2.x / mmdetection 3.x, and of the YOLOv5 letterbox):
 * - `keep_ratio` (mmcv `rescale_size` via mmdetection `Resize(keep_ratio=True)`): with
 *   `scale = [a, b]`, factor `f = min(max(a, b) / max(w, h), min(a, b) / min(w, h))`, new size
 *   `int(w * f + 0.5) x int(h * f + 0.5)`; boxes are multiplied by `newW / w`, `newH / h` (the
 *   transform's `scale_factor`) in float32 and clipped to the resized image
 *   (`clip_object_border=True`).
 * - `stretch` (`Resize(keep_ratio=False)`): the new size is `scale = [w, h]` exactly.
 * - `letterbox` (YOLOv5): `r = min(W / w, H / h)`, unpadded size `round(w * r) x round(h * r)`
 *   (Python's round, half to even), centered on a `W x H` canvas with left/top padding
 *   `round(dw - 0.1)`, `round(dh - 0.1)` where `dw = (W - newW) / 2`.
 * - `center_pad = [m, k]` (mmdetection `RandomCenterCropPad` in test mode, `test_pad_mode =
 *   ['logical_or', m]`, `test_pad_add_pix = k`): the canvas is `(size | m) + k` and the image
 *   is pasted with its center `size // 2` on the canvas center `canvas // 2`.
 * - `pad_divisor = d` (`DetDataPreprocessor(pad_size_divisor=d)`): the input is padded on the
 *   right and bottom to a multiple of `d`.
 *
 * Feature maps: a level of stride `s` has `ceil(padded / s)` rows and columns. This is what
 * mmdetection's backbones and necks produce: every stride-2 step (3x3 conv with padding 1, 1x1
 * conv, 3x3 max-pool with padding 1, FPN's extra stride-2 conv or 1x1 max-pool for P6/P7) maps
 * `n` to `ceil(n / 2)`, and `ceil(ceil(n / a) / b) = ceil(n / (a * b))`; SSD300's VGG (with
 * `ceil_mode` pooling and its fixed extra layers) gives 38, 19, 10, 5, 3, 1 = `ceil(300 / s)`
 * for its strides 8, 16, 32, 64, 100, 300.
 *
 * Each image is its own batch here, so the reference's `valid_flags` (from `pad_shape` against
 * the batch's feature maps) are all 1 and are not computed.
 */
import { invalidArgument } from '../errors.js';
import type { DatasetImage } from '../datasets/dataset.js';
import { roundHalfEven } from '../geometry/float32.js';
import { boxesChecked, checkNumber, markBoxesChecked, MAX_COORDINATE, toBoxes } from '../validate.js';
import type { PreparedImage } from './preset.js';

/** Python's `round` (halves to even), which the letterbox geometry uses. */
export { roundHalfEven };

const fround = Math.fround;

/** How the image is resized before padding. */
export type ResizeMode = 'keep_ratio' | 'stretch' | 'letterbox' | 'none';

/** A preset's test-time geometry, checked (see {@link prepareImage}). */
export interface ImageGeometry {
  readonly resize: ResizeMode;
  /** Target `[w, h]` (mmdetection's `scale` order); null for `none`. */
  readonly scale: readonly [number, number] | null;
  /** Pad right/bottom to a multiple of this; 1 = no padding. */
  readonly padDivisor: number;
  /** RandomCenterCropPad test mode `[orMask, addPixels]`, or null. */
  readonly centerPad: readonly [number, number] | null;
  /** Clip boxes to the resized image (mmdetection's `clip_object_border`, default true). */
  readonly clipBoxes: boolean;
}

/** Result of the resize step alone: `[w, h]` in, sizes and offsets out. */
export interface ResizedSize {
  /** Width and height of the resized image content. */
  readonly width: number;
  readonly height: number;
  /** Canvas after the resize step (letterbox: the `W x H` canvas; else the content size). */
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  /** Offset of the content on the canvas (letterbox only). */
  readonly offsetX: number;
  readonly offsetY: number;
}

/**
 * mmcv's keep-ratio size: `f = min(max(scale) / max(w, h), min(scale) / min(w, h))`,
 * `[int(w * f + 0.5), int(h * f + 0.5)]`.
 * @example keepRatioSize(640, 480, [1333, 800]); // [1067, 800]
 */
export function keepRatioSize(width: number, height: number, scale: readonly [number, number]): [number, number] {
  const longEdge = Math.max(scale[0], scale[1]);
  const shortEdge = Math.min(scale[0], scale[1]);
  const factor = Math.min(longEdge / Math.max(width, height), shortEdge / Math.min(width, height));
  return [Math.trunc(width * factor + 0.5), Math.trunc(height * factor + 0.5)];
}

/**
 * The resize step of `geometry` for an image of `width x height` (positive integers).
 * @example resizeImageSize(keepRatioGeometry, 640, 480).width; // 1067
 */
export function resizeImageSize(geometry: ImageGeometry, width: number, height: number): ResizedSize {
  const scale = geometry.scale;
  switch (geometry.resize) {
    case 'none':
      return { width, height, canvasWidth: width, canvasHeight: height, offsetX: 0, offsetY: 0 };
    case 'stretch': {
      const [w, h] = scale as readonly [number, number];
      return { width: w, height: h, canvasWidth: w, canvasHeight: h, offsetX: 0, offsetY: 0 };
    }
    case 'keep_ratio': {
      const [w, h] = keepRatioSize(width, height, scale as readonly [number, number]);
      return { width: w, height: h, canvasWidth: w, canvasHeight: h, offsetX: 0, offsetY: 0 };
    }
    case 'letterbox': {
      const [canvasWidth, canvasHeight] = scale as readonly [number, number];
      const r = Math.min(canvasWidth / width, canvasHeight / height);
      const w = roundHalfEven(width * r);
      const h = roundHalfEven(height * r);
      const dw = (canvasWidth - w) / 2;
      const dh = (canvasHeight - h) / 2;
      return { width: w, height: h, canvasWidth, canvasHeight, offsetX: roundHalfEven(dw - 0.1), offsetY: roundHalfEven(dh - 0.1) };
    }
  }
}

function transformBoxes(
  fn: string,
  resizer: string,
  boxes: Float32Array,
  sx: number,
  sy: number,
  clip: boolean,
  clipW: number,
  clipH: number,
  dx: number,
  dy: number,
  where: string,
): Float32Array {
  const out = new Float32Array(boxes.length);
  const fx = fround(sx);
  const fy = fround(sy);
  for (let i = 0; i < boxes.length; i += 4) {
    for (let k = 0; k < 4; k++) {
      const even = (k & 1) === 0;
      let v = fround(boxes[i + k] * (even ? fx : fy));
      if (clip) {
        const hi = even ? clipW : clipH;
        v = v < 0 ? 0 : v > hi ? hi : v;
      }
      const d = even ? dx : dy;
      const moved = d === 0 ? v : fround(v + d);
      // A checked box scaled up (a tiny image resized to 1333 px) may leave the float32-safe range.
      if (!(Math.abs(moved) <= MAX_COORDINATE)) {
        throw invalidArgument(fn, `${where}[${i >> 2}]`, `a box whose corners stay within ${MAX_COORDINATE} after ${resizer} (it scales by ${sx} x ${sy})`, `corner ${moved}`);
      }
      out[i + k] = moved;
    }
  }
  return out;
}

/**
 * Applies `geometry` to one image.
 *
 * 1. Resize (see the module doc): content `newW x newH`, scale factors `newW / w`, `newH / h`.
 * 2. Letterbox canvas and offset (YOLOv5), if any.
 * 3. Center padding (`center_pad`), if any: canvas `(size | m) + k`, offset
 *    `canvas // 2 - size // 2` added to the letterbox offset.
 * 4. Right/bottom padding to a multiple of `padDivisor`.
 *
 * Boxes (objects and ignore regions): `x * scaleX` (float32, as mmdetection rescales a float32
 * tensor by its `scale_factor`), clipped to `[0, newW] x [0, newH]` when `clipBoxes`, then
 * shifted by the offset (float32). Annotation order is kept and no box is dropped, so object
 * `i` of the image is gt `i` of the assignment.
 * @param image a dataset image; width and height must be positive integers.
 * @returns a {@link PreparedImage} with fresh box arrays; `resized` is the content size
 *   `[newH, newW]`, `padded` the input size `[H, W]`.
 * @throws {LabelAssignError} when the image size is not a pair of positive integers or the
 *   boxes / labels are malformed (`image '<id>'` is named).
 * @example
 * prepareImage({ resize: 'keep_ratio', scale: [1333, 800], padDivisor: 32, centerPad: null, clipBoxes: true }, image640x480).padded;
 * // [800, 1088]
 */
export function prepareImage(geometry: ImageGeometry, image: DatasetImage): PreparedImage {
  return prepareImageAs('Preset.prepare', geometry, image);
}

/**
 * {@link prepareImage} with its errors starting with `fn` (e.g. `compare`), naming the image
 * and, when given, the preset, so a command reports them in its own words without rewriting them.
 * @internal for the presets and the command line.
 * @example prepareImageAs('inspect', geometry, image, 'fcos');
 */
export function prepareImageAs(fn: string, geometry: ImageGeometry, image: DatasetImage, presetName?: string): PreparedImage {
  const id = typeof image?.id === 'string' ? image.id : String(image?.id);
  const where = `image '${id}'`;
  const resizer = presetName === undefined ? "the preset's resize" : `preset '${presetName}' resizes it`;
  const width = checkNumber(fn, `${where}.width`, image?.width, { min: 1, integer: true });
  const height = checkNumber(fn, `${where}.height`, image?.height, { min: 1, integer: true });
  if (!(image.boxes instanceof Float32Array) || image.boxes.length % 4 !== 0) {
    throw invalidArgument(fn, `${where}.boxes`, 'a Float32Array [numObjects * 4]', image.boxes);
  }
  if (!(image.ignoreBoxes instanceof Float32Array) || image.ignoreBoxes.length % 4 !== 0) {
    throw invalidArgument(fn, `${where}.ignoreBoxes`, 'a Float32Array [numIgnore * 4]', image.ignoreBoxes);
  }
  if (!(image.labels instanceof Int32Array) || image.labels.length !== image.boxes.length / 4) {
    throw invalidArgument(fn, `${where}.labels`, `an Int32Array with one label per box (${image.boxes.length / 4})`, image.labels);
  }
  // Validate once: a loader's image was checked when it was read; any other is checked here.
  if (!boxesChecked(image)) {
    toBoxes(fn, `${where}.boxes`, image.boxes);
    toBoxes(fn, `${where}.ignoreBoxes`, image.ignoreBoxes);
  }
  const r = resizeImageSize(geometry, width, height);
  const scaleX = r.width / width;
  const scaleY = r.height / height;
  let canvasW = r.canvasWidth;
  let canvasH = r.canvasHeight;
  let offsetX = r.offsetX;
  let offsetY = r.offsetY;
  if (geometry.centerPad !== null) {
    const [mask, add] = geometry.centerPad;
    const targetW = (canvasW | mask) + add;
    const targetH = (canvasH | mask) + add;
    offsetX += (targetW >> 1) - (canvasW >> 1);
    offsetY += (targetH >> 1) - (canvasH >> 1);
    canvasW = targetW;
    canvasH = targetH;
  }
  const d = geometry.padDivisor;
  const paddedW = Math.ceil(canvasW / d) * d;
  const paddedH = Math.ceil(canvasH / d) * d;
  const clip = geometry.clipBoxes;
  // Scaling, shifting and clipping keep checked boxes finite and not inverted.
  return Object.freeze(markBoxesChecked({
    image,
    resized: Object.freeze([r.height, r.width] as const),
    padded: Object.freeze([paddedH, paddedW] as const),
    scaleX,
    scaleY,
    offsetX,
    offsetY,
    gtBoxes: transformBoxes(fn, resizer, image.boxes, scaleX, scaleY, clip, r.width, r.height, offsetX, offsetY, `${where}.boxes`),
    ignoreBoxes: transformBoxes(fn, resizer, image.ignoreBoxes, scaleX, scaleY, clip, r.width, r.height, offsetX, offsetY, `${where}.ignoreBoxes`),
  }));
}

/**
 * Feature-map size of each level for a padded input: `[ceil(H / strideY), ceil(W / strideX)]`.
 * @param padded `[H, W]`.
 * @param strides per level `[strideX, strideY]`.
 * @example featmapSizesFor([800, 1088], [[8, 8], [128, 128]]); // [[100, 136], [7, 9]]
 */
export function featmapSizesFor(padded: readonly [number, number], strides: readonly (readonly [number, number])[]): [number, number][] {
  return strides.map(([sx, sy]) => [Math.ceil(padded[0] / sy), Math.ceil(padded[1] / sx)]);
}
