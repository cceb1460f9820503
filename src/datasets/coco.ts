/**
 * COCO instances JSON (`instances_val2017.json` and the like) as a {@link Dataset}, following
 * mmdetection 3.x `CocoDataset.parse_data_info`:
 *
 * - `bbox` `[x, y, w, h]` becomes the corner box `[x, y, x + w, y + h]`, not clipped;
 * - `iscrowd: 1` annotations become ignore regions of their image;
 * - labels index `categories` sorted by id;
 * - every image is kept, with 0 objects when it has no annotations, in file order;
 * - an annotation is skipped, and reported in `Dataset.skipped` with its id and the reason,
 *   when it carries `ignore: 1`, when `w < 1`, `h < 1` or `area <= 0`, when it does not overlap
 *   its image, or when its `category_id` is not in `categories` (the reference drops these
 *   silently; here nothing is dropped without a report);
 * - a negative width, height or area is not a degenerate box but a malformed one (corners
 *   given instead of a size?): an error naming the annotation, as is a non-integer image size.
 *
 * The same file name may also hold the `compact-boxes-v1` layout (see compact.ts);
 * {@link loadCoco} reads both, telling them apart by content.
 */
import { basename } from 'node:path';
import { describeValue } from '../errors.js';
import { checkKnownKeys, checkObject } from '../validate.js';
import {
  checkXywh,
  expectArray,
  expectFlag,
  expectNumber,
  expectObject,
  fileError,
  ImageBuilder,
  imageIdText,
  makeDataset,
  parseCategories,
  resolveName,
  skipReason,
} from './common.js';
import { compactFromJson, COMPACT_FORMAT } from './compact.js';
import type { Dataset, SkippedBox } from './dataset.js';
import { pickKeys, readJsonFile, type JsonSelection } from './json-file.js';

/** Options of {@link loadCoco}. */
export interface CocoOptions {
  /** Dataset name used in reports; default: the file's name. */
  readonly name?: string;
}

const COCO_KEYS = ['name'] as const;

/** @internal Checks {@link CocoOptions}; returns the name to use. */
export function resolveCocoOptions(fn: string, file: string, options: unknown): { name: string } {
  const o = checkObject(fn, 'options', options ?? {}) as CocoOptions;
  checkKnownKeys(fn, 'options', o, COCO_KEYS);
  return { name: resolveName(fn, o.name, basename(file)) };
}

/**
 * Reads a COCO instances JSON file, or a `compact-boxes-v1` file (told apart by its `format`
 * key), as a dataset.
 *
 * @param path the `.json` file.
 * @returns a dataset of format `coco` (or `compact`); `images[i].id` is the COCO image id as
 *   text, `boxes` `[numObjects * 4]` corners in pixels, `labels` `[numObjects]` indices into
 *   `categories` (sorted by COCO id), crowd boxes in `ignoreBoxes`.
 * @throws {LabelAssignError} code `io` naming the file and the line/column (invalid JSON), the
 *   annotation id or the image id: a missing or non-array `images`/`annotations`/`categories`,
 *   a missing or non-numeric `bbox`, `width`, `height`, `id`, an `image_id` that is not in
 *   `images`, a duplicate image or category id, an image `width`/`height` that is not a
 *   positive integer, a `bbox` with a negative width or height (or a corner beyond the
 *   float32 range), a negative `area`. Code `invalid-config` for unknown options.
 * @example
 * ```ts
 * const coco = loadCoco('annotations/instances_val2017.json');
 * coco.images.length;          // 5000
 * coco.skipped;                // boxes not kept, each with its annotation id and reason
 * ```
 */
export function loadCoco(path: string, options: CocoOptions = {}): Dataset {
  const fn = 'loadCoco';
  const { name } = resolveCocoOptions(fn, path, options);
  return cocoOrCompactFromJson(fn, path, readCocoJson(fn, path), name);
}

/**
 * What the COCO and compact readers read of a `.json` file: the top-level `format` and
 * `bbox_format`, and of `images`, `annotations` and `categories` the keys below. A large file
 * is streamed keeping only these, so an annotation's `segmentation` never stays in memory.
 * Any key {@link cocoFromJson} or `compactFromJson` reads must be listed here.
 */
export const COCO_SELECTION: JsonSelection = Object.freeze({
  arrays: Object.freeze({
    images: pickKeys(['id', 'width', 'height', 'file_name', 'boxes', 'category_ids', 'iscrowd']),
    annotations: pickKeys(['id', 'image_id', 'bbox', 'category_id', 'area', 'iscrowd', 'ignore']),
    categories: pickKeys(['id', 'name']),
  }),
  scalars: Object.freeze(['format', 'bbox_format']),
});

/**
 * @internal A COCO or compact `.json` file, parsed: whole when small, streamed keeping
 * {@link COCO_SELECTION} when large (see `json-file.ts`). `streamAbove` is for tests.
 */
export function readCocoJson(fn: string, path: string, streamAbove?: number): unknown {
  return readJsonFile(fn, path, { select: COCO_SELECTION, streamAbove });
}

/** @internal A parsed `.json` file as COCO instances or compact boxes, by its content. */
export function cocoOrCompactFromJson(fn: string, file: string, json: unknown, name: string): Dataset {
  const root = expectObject(fn, file, 'the top level', json);
  if (root.format !== undefined) {
    if (root.format === COMPACT_FORMAT) return compactFromJson(fn, file, root, name);
    throw fileError(
      fn,
      file,
      `unknown format ${describeValue(root.format)}: expected COCO instances (images, annotations, categories) or '${COMPACT_FORMAT}'`,
    );
  }
  return cocoFromJson(fn, file, root, name);
}

function cocoFromJson(fn: string, file: string, root: Record<string, unknown>, name: string): Dataset {
  const imageList = expectArray(fn, file, 'images', root.images);
  const annotationList = expectArray(fn, file, 'annotations', root.annotations);
  const { categories, indexById } = parseCategories(fn, file, root.categories);

  const builders: ImageBuilder[] = [];
  const byId = new Map<string, ImageBuilder>();
  for (let i = 0; i < imageList.length; i++) {
    const where = `${file}: images[${i}]`;
    const image = expectObject(fn, where, 'the image', imageList[i]);
    const id = imageIdText(fn, where, image.id);
    const here = `${file}: image id ${id}`;
    const width = expectNumber(fn, here, 'width', image.width, { positive: true, integer: true });
    const height = expectNumber(fn, here, 'height', image.height, { positive: true, integer: true });
    const fileName = image.file_name === undefined ? id : image.file_name;
    if (typeof fileName !== 'string') throw fileError(fn, here, `file_name must be a string, but was ${describeValue(fileName)}`);
    if (byId.has(id)) throw fileError(fn, here, `duplicate image id ${id}`);
    const builder = new ImageBuilder(id, fileName, width, height);
    byId.set(id, builder);
    builders.push(builder);
  }

  const skipped: SkippedBox[] = [];
  for (let i = 0; i < annotationList.length; i++) {
    const raw = annotationList[i];
    const rawId = (raw as { id?: unknown } | null)?.id;
    const label =
      typeof rawId === 'number' || (typeof rawId === 'string' && rawId !== '') ? `annotation id ${rawId}` : `annotations[${i}]`;
    const where = `${file}: ${label}`;
    const ann = expectObject(fn, where, 'the annotation', raw);
    if (ann.image_id === undefined) throw fileError(fn, where, 'image_id is missing');
    const imageId = imageIdText(fn, where, ann.image_id);
    const image = byId.get(imageId);
    if (!image) throw fileError(fn, where, `image_id ${imageId} is not in images`);
    const bbox = ann.bbox;
    if (!Array.isArray(bbox) || bbox.length !== 4) {
      throw fileError(fn, where, `bbox must be [x, y, w, h] (4 numbers), but was ${describeValue(bbox)}`);
    }
    const [x, y, w, h] = bbox.map((v, k) => expectNumber(fn, where, `bbox[${k}]`, v));
    checkXywh(fn, where, 'bbox', x, y, w, h);
    const categoryId = expectNumber(fn, where, 'category_id', ann.category_id);
    const area = ann.area === undefined ? w * h : expectNumber(fn, where, 'area', ann.area);
    if (area < 0) throw fileError(fn, where, `area must be >= 0, but was ${area}`);
    const crowd = expectFlag(fn, where, 'iscrowd', ann.iscrowd);
    const ignore = expectFlag(fn, where, 'ignore', ann.ignore);

    let reason = ignore ? "marked 'ignore: 1' (mmdetection drops these)" : skipReason(x, y, w, h, image.width, image.height, area);
    const index = indexById.get(categoryId);
    if (reason === null && index === undefined) reason = `category_id ${categoryId} is not in categories`;
    if (reason !== null) {
      skipped.push({ imageId, where: label, reason: crowd ? `${reason} (a crowd region)` : reason });
    } else if (crowd) {
      image.addIgnore(x, y, w, h);
    } else {
      image.addObject(x, y, w, h, index!);
    }
  }
  return makeDataset(name, 'coco', categories, builders.map((b) => b.build()), skipped);
}
