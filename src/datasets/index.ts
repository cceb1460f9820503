/**
 * Datasets for `compare` and `inspect`: loaders for COCO instances JSON (and the
 * `compact-boxes-v1` layout), Pascal VOC XML folders and YOLO label folders, one entry point
 * that detects the format, and the embedded synthetic COCO-like set.
 */
export type { Category, Dataset, DatasetImage, SkippedBox } from './dataset.js';
export { loadDataset, detectDatasetFormat, type DatasetSource, type LoadDatasetOptions } from './load.js';
export { loadCoco, type CocoOptions } from './coco.js';
export { COMPACT_FORMAT } from './compact.js';
export { loadVoc, resolveVocOptions, type ResolvedVocOptions, type VocOptions } from './voc.js';
export {
  loadYolo,
  resolveYoloOptions,
  CLASSES_FILE,
  IMAGE_SIZES_FILE,
  type ImageSizeEntry,
  type ResolvedYoloOptions,
  type YoloOptions,
} from './yolo.js';
export {
  syntheticCocoLike,
  resolveSyntheticOptions,
  COCO_CATEGORIES,
  SYNTHETIC_TARGETS,
  type ResolvedSyntheticOptions,
  type SyntheticOptions,
} from './synthetic.js';
