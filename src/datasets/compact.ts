/**
 * The `compact-boxes-v1` JSON layout: COCO boxes grouped by image, without segmentation.
 *
 * ```json
 * { "format": "compact-boxes-v1", "bbox_format": "xywh ...", "categories": [{ "id": 1, "name": "person" }],
 *   "images": [{ "id": 139, "width": 640, "height": 426,
 *                "boxes": [[236, 142, 25, 70]], "category_ids": [64], "iscrowd": null }] }
 * ```
 *
 * `boxes[i]` (`[x, y, w, h]`, pixels) and `category_ids[i]` are parallel; `iscrowd` is `null`
 * (unknown: every box is an object) or a parallel 0/1 array (1: an ignore region). Boxes are
 * converted and skipped exactly as COCO instances are (see coco.ts), the area being `w * h`;
 * a skipped box is reported as `image id 139, boxes[3]`. Other top-level keys (`info`,
 * `counts`, provenance) are not read.
 */
import { describeValue } from '../errors.js';
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
  skipReason,
} from './common.js';
import type { Dataset, DatasetImage, SkippedBox } from './dataset.js';

/** The `format` value of the layout. */
export const COMPACT_FORMAT = 'compact-boxes-v1';

/** @internal A parsed compact-boxes-v1 file as a dataset of format `compact`. */
export function compactFromJson(fn: string, file: string, root: Record<string, unknown>, name: string): Dataset {
  if (root.bbox_format !== undefined && !(typeof root.bbox_format === 'string' && /^xywh\b/.test(root.bbox_format))) {
    throw fileError(fn, file, `bbox_format must start with 'xywh', but was ${describeValue(root.bbox_format)}`);
  }
  const imageList = expectArray(fn, file, 'images', root.images);
  const { categories, indexById } = parseCategories(fn, file, root.categories);
  const images: DatasetImage[] = [];
  const skipped: SkippedBox[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < imageList.length; i++) {
    const image = expectObject(fn, `${file}: images[${i}]`, 'the image', imageList[i]);
    const id = imageIdText(fn, `${file}: images[${i}]`, image.id);
    const here = `${file}: image id ${id}`;
    if (seen.has(id)) throw fileError(fn, here, `duplicate image id ${id}`);
    seen.add(id);
    const width = expectNumber(fn, here, 'width', image.width, { positive: true, integer: true });
    const height = expectNumber(fn, here, 'height', image.height, { positive: true, integer: true });
    const fileName = image.file_name === undefined ? id : image.file_name;
    if (typeof fileName !== 'string') throw fileError(fn, here, `file_name must be a string, but was ${describeValue(fileName)}`);
    const boxes = expectArray(fn, here, 'boxes', image.boxes);
    const categoryIds = expectArray(fn, here, 'category_ids', image.category_ids);
    if (categoryIds.length !== boxes.length) {
      throw fileError(fn, here, `category_ids has ${categoryIds.length} entries but boxes has ${boxes.length}; they must be parallel`);
    }
    const crowdFlags = image.iscrowd === undefined || image.iscrowd === null ? null : expectArray(fn, here, 'iscrowd', image.iscrowd);
    if (crowdFlags && crowdFlags.length !== boxes.length) {
      throw fileError(fn, here, `iscrowd has ${crowdFlags.length} entries but boxes has ${boxes.length}; it must be null or parallel to boxes`);
    }
    const builder = new ImageBuilder(id, fileName, width, height);
    for (let k = 0; k < boxes.length; k++) {
      const label = `image id ${id}, boxes[${k}]`;
      const where = `${file}: ${label}`;
      const box = boxes[k];
      if (!Array.isArray(box) || box.length !== 4) {
        throw fileError(fn, where, `must be [x, y, w, h] (4 numbers), but was ${describeValue(box)}`);
      }
      const [x, y, w, h] = box.map((v, j) => expectNumber(fn, where, `[${j}]`, v));
      checkXywh(fn, where, 'the box', x, y, w, h);
      const categoryId = expectNumber(fn, where, `category_ids[${k}]`, categoryIds[k]);
      const crowd = crowdFlags ? expectFlag(fn, where, `iscrowd[${k}]`, crowdFlags[k]) : false;
      let reason = skipReason(x, y, w, h, width, height);
      const index = indexById.get(categoryId);
      if (reason === null && index === undefined) reason = `category id ${categoryId} is not in categories`;
      if (reason !== null) skipped.push({ imageId: id, where: label, reason: crowd ? `${reason} (a crowd region)` : reason });
      else if (crowd) builder.addIgnore(x, y, w, h);
      else builder.addObject(x, y, w, h, index!);
    }
    images.push(builder.build());
  }
  return makeDataset(name, 'compact', categories, images, skipped);
}
