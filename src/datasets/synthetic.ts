/**
 * The embedded default dataset: a deterministic synthetic set shaped like COCO 2017, so that
 * `label-assign compare` has something meaningful to run on without any download. It is
 * generated, not annotated: every dataset it yields has `synthetic: true` and a name that says
 * so, and every report must show it.
 *
 * What follows COCO:
 * - about 7.3 objects per image (COCO's published average), with a long tail: 1 % of the
 *   images are empty, the others get 1 + a geometric count;
 * - 41 % small (box area < 32^2), 34 % medium, 24 % large (area >= 96^2): COCO's published
 *   shares, with the area definition of COCO's evaluation;
 * - within a size class, sqrt(area) follows the deciles, and `log2(w / h)` the quantiles, of
 *   the real COCO val2017 boxes of the project's 500-image subset (every 10th image);
 * - image sizes drawn from the 20 most frequent sizes in that subset (640 x 480, 640 x 427,
 *   480 x 640, 500 x 375, ...) with their frequencies;
 * - the 80 COCO categories with their ids and names, drawn with their frequencies in that
 *   subset (person about 32 %);
 * - about 9 % of the images also get one large crowd region, as an ignore box (COCO has about
 *   one crowd annotation per 80 objects).
 *
 * The object counts and the size classes are stratified (Latin-hypercube counts; size classes
 * dealt out in exact proportions, then shuffled), so the averages land on the targets for
 * every seed, not just on average over seeds. Coordinates are rounded to 0.01 px, as COCO's.
 * Randomness: pure-rand's xoroshiro128+, seeded by `seed`; nothing global.
 */
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { checkKnownKeys, checkNumber, checkObject } from '../validate.js';
import { ImageBuilder, makeDataset } from './common.js';
import type { Category, Dataset, DatasetImage } from './dataset.js';

/** Options of {@link syntheticCocoLike}. */
export interface SyntheticOptions {
  /** Seed, an integer in [0, 2^32); default 0. */
  readonly seed?: number;
  /** Number of images, an integer in [0, 100000]; default 200. */
  readonly numImages?: number;
}

/** {@link SyntheticOptions} with defaults filled in. */
export interface ResolvedSyntheticOptions {
  readonly seed: number;
  readonly numImages: number;
}

/** The COCO statistics the synthetic set is built to match. */
export const SYNTHETIC_TARGETS = Object.freeze({
  objectsPerImage: 7.3,
  /** Shares of objects by COCO size class (box area < 32^2, < 96^2, larger). */
  small: 0.41,
  medium: 0.34,
  large: 0.24,
  /** Share of images with no objects. */
  emptyImages: 0.01,
  /** Share of images with one crowd (ignore) region. */
  crowdImages: 0.09,
});

/** COCO 2017's 80 categories: `[id, name, instances in the 500-image val subset]`. */
const COCO_TABLE: readonly (readonly [number, string, number])[] = [
  [1, 'person', 1220], [2, 'bicycle', 40], [3, 'car', 214], [4, 'motorcycle', 62], [5, 'airplane', 9],
  [6, 'bus', 33], [7, 'train', 23], [8, 'truck', 31], [9, 'boat', 93], [10, 'traffic light', 90],
  [11, 'fire hydrant', 10], [13, 'stop sign', 9], [14, 'parking meter', 4], [15, 'bench', 47], [16, 'bird', 22],
  [17, 'cat', 20], [18, 'dog', 22], [19, 'horse', 22], [20, 'sheep', 28], [21, 'cow', 36],
  [22, 'elephant', 37], [23, 'bear', 4], [24, 'zebra', 28], [25, 'giraffe', 16], [27, 'backpack', 37],
  [28, 'umbrella', 24], [31, 'handbag', 69], [32, 'tie', 15], [33, 'suitcase', 49], [34, 'frisbee', 10],
  [35, 'skis', 34], [36, 'snowboard', 8], [37, 'sports ball', 35], [38, 'kite', 23], [39, 'baseball bat', 12],
  [40, 'baseball glove', 17], [41, 'skateboard', 29], [42, 'surfboard', 32], [43, 'tennis racket', 31], [44, 'bottle', 104],
  [46, 'wine glass', 11], [47, 'cup', 104], [48, 'fork', 24], [49, 'knife', 53], [50, 'spoon', 15],
  [51, 'bowl', 57], [52, 'banana', 27], [53, 'apple', 29], [54, 'sandwich', 18], [55, 'orange', 8],
  [56, 'broccoli', 33], [57, 'carrot', 41], [58, 'hot dog', 5], [59, 'pizza', 19], [60, 'donut', 21],
  [61, 'cake', 26], [62, 'chair', 170], [63, 'couch', 29], [64, 'potted plant', 29], [65, 'bed', 18],
  [67, 'dining table', 58], [70, 'toilet', 15], [72, 'tv', 34], [73, 'laptop', 21], [74, 'mouse', 10],
  [75, 'remote', 14], [76, 'keyboard', 13], [77, 'cell phone', 28], [78, 'microwave', 3], [79, 'oven', 11],
  [80, 'toaster', 1], [81, 'sink', 17], [82, 'refrigerator', 17], [84, 'book', 120], [85, 'clock', 30],
  [86, 'vase', 46], [87, 'scissors', 6], [88, 'teddy bear', 13], [89, 'hair drier', 1], [90, 'toothbrush', 10],
];

/** COCO 2017's 80 categories (ids 1..90 with gaps), in id order. */
export const COCO_CATEGORIES: readonly Category[] = Object.freeze(COCO_TABLE.map(([id, name]) => Object.freeze({ id, name })));

/** The 20 most frequent COCO val2017 image sizes in the subset: `[width, height, images]`. */
const IMAGE_SIZES: readonly (readonly [number, number, number])[] = [
  [640, 480, 106], [640, 427, 59], [480, 640, 42], [500, 375, 32], [640, 426, 27],
  [427, 640, 15], [640, 425, 14], [640, 428, 13], [375, 500, 10], [428, 640, 6],
  [426, 640, 6], [640, 360, 6], [612, 612, 5], [640, 478, 5], [333, 500, 5],
  [500, 400, 4], [640, 404, 3], [640, 640, 3], [640, 361, 3], [425, 640, 3],
];

/** Deciles of sqrt(box area) per size class in the subset (pixels). */
const SQRT_AREA_DECILES: readonly (readonly number[])[] = [
  [1.7, 7.5, 10.4, 13.0, 15.2, 17.5, 20.1, 22.6, 25.5, 28.4, 32.0],
  [32.0, 35.2, 39.2, 43.0, 47.1, 51.9, 59.1, 66.9, 75.6, 85.1, 95.9],
  [96.0, 109.5, 120.8, 135.7, 156.0, 179.2, 204.0, 245.5, 293.4, 362.1, 635.0],
];
const DECILE_PROBS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/**
 * sqrt(area) range per class, kept 0.5 px inside the class bounds (32, 96) so that rounding
 * the coordinates to 0.01 px never moves a box to another class; 2 px at least.
 */
const SQRT_AREA_RANGE: readonly (readonly [number, number])[] = [
  [2, 31.5],
  [32.5, 95.5],
  [96.5, Infinity],
];

/** Quantiles of log2(w / h) of the subset's boxes, at {@link ASPECT_PROBS}. */
const LOG2_ASPECT = [
  -3.81, -2.46, -1.83, -1.52, -1.33, -1.15, -0.97, -0.81, -0.65, -0.51, -0.39, -0.27, -0.13, 0.0, 0.13, 0.28, 0.46, 0.66, 0.94,
  1.31, 1.84, 2.9, 4.5,
];
const ASPECT_PROBS = [
  0, 0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1,
];

/** Most objects in one image (COCO's maximum is about 90). */
const MAX_OBJECTS = 100;

const KEYS = ['seed', 'numImages'] as const;

/**
 * Checks {@link SyntheticOptions} and fills in the defaults.
 * @throws {LabelAssignError} `invalid-config` for an unknown key, `invalid-argument` for a bad value.
 */
export function resolveSyntheticOptions(options: SyntheticOptions = {}): ResolvedSyntheticOptions {
  const fn = 'syntheticCocoLike';
  const o = checkObject(fn, 'options', options) as SyntheticOptions;
  checkKnownKeys(fn, 'options', o, KEYS);
  const seed = o.seed === undefined ? 0 : checkNumber(fn, 'options.seed', o.seed, { integer: true, min: 0, max: 2 ** 32 - 1 });
  const numImages =
    o.numImages === undefined ? 200 : checkNumber(fn, 'options.numImages', o.numImages, { integer: true, min: 0, max: 100000 });
  return Object.freeze({ seed, numImages });
}

/**
 * Generates the embedded synthetic COCO-like dataset. Deterministic: the same options give the
 * same dataset, bit for bit (the generator is integer arithmetic; the few `Math.log`/`sqrt`/`**`
 * calls are V8's platform-independent implementations, and coordinates are rounded to 0.01).
 *
 * Steps (each consumes the one seeded generator in this order):
 * 1. image sizes, one per image, by the COCO size frequencies;
 * 2. objects per image: stratified draws of "empty with probability 0.01, else 1 + geometric"
 *    with mean 7.3 (capped at 100);
 * 3. size classes of all objects, dealt 41 : 34 : 24 in exact proportions and shuffled;
 * 4. per object: sqrt(area) in its class, aspect ratio, category, position (uniform, inside
 *    the image); a box too wide or tall for its image keeps its area and changes shape;
 * 5. per image, with probability 0.09, one large crowd region as an ignore box.
 *
 * @returns a dataset of format `synthetic`, `synthetic: true`, name
 *   `synthetic COCO-like (seed S, N images)`, COCO's 80 categories; image ids `'1'..'N'`.
 * @throws {LabelAssignError} for a bad option (seed not an integer in [0, 2^32), numImages not
 *   an integer in [0, 100000], unknown key).
 * @example
 * ```ts
 * const data = syntheticCocoLike();               // 200 images, seed 0
 * const other = syntheticCocoLike({ seed: 7, numImages: 1000 });
 * data.synthetic;                                  // true
 * ```
 */
export function syntheticCocoLike(options: SyntheticOptions = {}): Dataset {
  const { seed, numImages } = resolveSyntheticOptions(options);
  const rng = xoroshiro128plus(seed | 0);
  const uniform = (): number => {
    const hi = unsafeUniformIntDistribution(0, 0x3ffffff, rng); // 26 bits
    const lo = unsafeUniformIntDistribution(0, 0x7ffffff, rng); // 27 bits
    return (hi * 0x8000000 + lo) / 2 ** 53;
  };

  // 1. Image sizes.
  const sizeWeights = IMAGE_SIZES.map((s) => s[2]);
  const sizes = Array.from({ length: numImages }, () => IMAGE_SIZES[pickWeighted(sizeWeights, uniform())]);

  // 2. Objects per image, stratified: image i gets the quantile of a point in its own 1/N slice.
  const strata = shuffle(Array.from({ length: numImages }, (_, i) => i), rng);
  const counts = strata.map((s) => objectCountQuantile((s + uniform()) / numImages));
  const total = counts.reduce((a, b) => a + b, 0);

  // 3. Size classes in exact proportions.
  const sum = SYNTHETIC_TARGETS.small + SYNTHETIC_TARGETS.medium + SYNTHETIC_TARGETS.large;
  const numSmall = Math.round((total * SYNTHETIC_TARGETS.small) / sum);
  const numMedium = Math.round((total * SYNTHETIC_TARGETS.medium) / sum);
  const classes = new Uint8Array(total);
  classes.fill(1, numSmall, numSmall + numMedium);
  classes.fill(2, numSmall + numMedium);
  shuffle(classes, rng);

  // 4-5. Boxes.
  const categoryWeights = COCO_TABLE.map((c) => c[2]);
  const images: DatasetImage[] = [];
  let next = 0;
  for (let i = 0; i < numImages; i++) {
    const [width, height] = sizes[i];
    const builder = new ImageBuilder(String(i + 1), `synthetic_${String(i + 1).padStart(6, '0')}.jpg`, width, height);
    for (let k = 0; k < counts[i]; k++) {
      const [x, y, w, h] = drawBox(classes[next++], width, height, uniform);
      builder.addObject(x, y, w, h, pickWeighted(categoryWeights, uniform()));
    }
    if (uniform() < SYNTHETIC_TARGETS.crowdImages) {
      const [x, y, w, h] = drawBox(2, width, height, uniform);
      builder.addIgnore(x, y, w, h);
    }
    images.push(builder.build());
  }
  return makeDataset(`synthetic COCO-like (seed ${seed}, ${numImages} images)`, 'synthetic', COCO_CATEGORIES, images, [], true);
}

/** Quantile function of the objects-per-image law: 0 w.p. 0.01, else 1 + geometric (mean 7.3 overall). */
function objectCountQuantile(u: number): number {
  const empty = SYNTHETIC_TARGETS.emptyImages;
  if (u < empty) return 0;
  const mean = SYNTHETIC_TARGETS.objectsPerImage / (1 - empty) - 1; // of the geometric part
  const q = 1 / (1 + mean); // success probability
  const v = (u - empty) / (1 - empty);
  const k = Math.floor(Math.log1p(-v) / Math.log1p(-q));
  return Math.min(1 + k, MAX_OBJECTS);
}

/** A box `[x, y, w, h]` of size class `cls` (0 small, 1 medium, 2 large) inside a `width x height` image. */
function drawBox(cls: number, width: number, height: number, uniform: () => number): [number, number, number, number] {
  const [lo, hi] = SQRT_AREA_RANGE[cls];
  const maxSide = Math.sqrt(0.9 * width * height);
  const s = Math.min(Math.max(interpolate(SQRT_AREA_DECILES[cls], DECILE_PROBS, uniform()), lo), hi, maxSide);
  const area = s * s;
  const ratio = 2 ** interpolate(LOG2_ASPECT, ASPECT_PROBS, uniform());
  // Keep the area, bound the shape: each side at least 1 px and at most the image less 1 px
  // (the range is never empty: area <= 0.9 * width * height <= (width - 1) * (height - 1)).
  const minW = Math.max(1, area / (height - 1));
  const maxW = Math.min(width - 1, area);
  const wide = Math.min(Math.max(s * Math.sqrt(ratio), minW), maxW);
  const w = Math.round(wide * 100) / 100;
  const h = Math.round((area / wide) * 100) / 100;
  const x = Math.floor(uniform() * (width - w) * 100) / 100;
  const y = Math.floor(uniform() * (height - h) * 100) / 100;
  return [x, y, w, h];
}

/** Piecewise-linear inverse CDF through the points `(probs[i], values[i])`. */
function interpolate(values: readonly number[], probs: readonly number[], u: number): number {
  let i = 1;
  while (i < probs.length - 1 && u > probs[i]) i++;
  const t = (u - probs[i - 1]) / (probs[i] - probs[i - 1]);
  return values[i - 1] + t * (values[i] - values[i - 1]);
}

/** Index drawn with probability proportional to `weights[i]`, from a uniform `u` in [0, 1). */
function pickWeighted(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let target = u * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}

/** Fisher-Yates shuffle in place; returns the array. */
function shuffle<T extends { length: number; [i: number]: number }>(array: T, rng: RandomGenerator): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = unsafeUniformIntDistribution(0, i, rng);
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}
