/**
 * A detection dataset as label-assign reads it: per image, its size, its objects as corner
 * boxes with class indices, and its ignore regions (COCO crowds, VOC "difficult" objects).
 * Every loader (COCO JSON, Pascal VOC XML, YOLO txt, the embedded synthetic set) returns this.
 */

export interface Category {
  /** The id in the source (COCO category id, YOLO class number, VOC name's index). */
  readonly id: number;
  readonly name: string;
}

export interface DatasetImage {
  /** The image id in the source (COCO id as text, VOC/YOLO file stem). */
  readonly id: string;
  readonly fileName: string;
  readonly width: number;
  readonly height: number;
  /** Objects, `[numObjects * 4]` as `[x1, y1, x2, y2]` in image pixels, in annotation order. */
  readonly boxes: Float32Array;
  /** Class of each object as an index into `Dataset.categories`, `[numObjects]`. */
  readonly labels: Int32Array;
  /** Ignore regions, `[numIgnore * 4]`. */
  readonly ignoreBoxes: Float32Array;
}

/** A box a loader did not keep, and why: never a silent drop. */
export interface SkippedBox {
  readonly imageId: string;
  /** Where it was: a file and line, or an annotation id. */
  readonly where: string;
  readonly reason: string;
}

export interface Dataset {
  readonly name: string;
  readonly format: 'coco' | 'voc' | 'yolo' | 'compact' | 'synthetic';
  /** True for generated data; every report says so. */
  readonly synthetic: boolean;
  readonly categories: readonly Category[];
  readonly images: readonly DatasetImage[];
  readonly skipped: readonly SkippedBox[];
}
