/**
 * One entry point for any dataset path: {@link loadDataset} looks at the path and calls the
 * right loader.
 *
 * - a `.json` file: COCO instances, or `compact-boxes-v1` when its `format` says so;
 * - a folder with `.xml` files (or an `Annotations/` subfolder of them): Pascal VOC;
 * - a folder with `.txt` label files (or a `labels/` subfolder of them): YOLO.
 *
 * `format` forces one reading. Options that belong to another format are errors, not ignored.
 */
import { basename } from 'node:path';
import { invalidArgument, LabelAssignError } from '../errors.js';
import { checkKnownKeys, checkObject } from '../validate.js';
import { cocoOrCompactFromJson, readCocoJson } from './coco.js';
import { fileError, fileKind, loaderNames, resolveName, statOrUndefined, type LoaderNames } from './common.js';
import type { Dataset } from './dataset.js';
import { loadVocWith, resolveVocOptions, vocFolder, type VocOptions } from './voc.js';
import { loadYoloWith, resolveYoloOptions, yoloFolder, type YoloOptions } from './yolo.js';

/** What a path holds: `coco` covers both COCO JSON layouts. */
export type DatasetSource = 'coco' | 'voc' | 'yolo';

/** Options of {@link loadDataset}: every loader's, plus `format`. */
export interface LoadDatasetOptions extends VocOptions, YoloOptions {
  /** Read the path as this format instead of detecting it. */
  readonly format?: DatasetSource;
  /** Dataset name used in reports; default: the file or folder name. */
  readonly name?: string;
}

const FORMAT_KEYS: Record<DatasetSource, readonly string[]> = {
  coco: ['name'],
  voc: ['difficultAsIgnore', 'classNames', 'name'],
  yolo: ['imageSize', 'imageSizes', 'classNames', 'unknownSize', 'name'],
};
const ALL_KEYS = ['format', ...new Set(Object.values(FORMAT_KEYS).flat())];
const FORMAT_LABEL: Record<DatasetSource, string> = {
  coco: 'a COCO JSON file',
  voc: 'a Pascal VOC XML folder',
  yolo: 'a YOLO label folder',
};

/**
 * Which format a path holds, by the rules above (a `.json` file is `coco`; which COCO layout
 * it is shows when it is read).
 * @param names the words of the errors: a function name (the API's words, default
 *   `detectDatasetFormat`), or a command's (its flags: `pass --format voc or --format yolo`).
 * @throws {LabelAssignError} `io` when the path does not exist, is a file that is not `.json`,
 *   or is a folder with neither `.xml` nor `.txt` files (or with both: then pass `format`).
 */
export function detectDatasetFormat(path: string, names: LoaderNames | string = 'detectDatasetFormat'): DatasetSource {
  const words = loaderNames(names);
  const fn = words.fn;
  const stat = statOrUndefined(path);
  if (!stat) throw fileError(fn, path, 'no such file or folder');
  if (stat.isFile()) {
    if (path.toLowerCase().endsWith('.json')) return 'coco';
    throw fileError(fn, path, 'not a dataset: expected a COCO .json file, a folder of VOC .xml files or a folder of YOLO .txt labels');
  }
  // A FIFO, a device or a socket is refused at once: reading it could wait or go on for ever.
  if (!stat.isDirectory()) {
    throw fileError(fn, path, `not a dataset: it is ${fileKind(stat)}; give a COCO .json file, a folder of VOC .xml files or a folder of YOLO .txt labels`);
  }
  const voc = vocFolder(fn, path) !== undefined;
  const yolo = yoloFolder(fn, path);
  const isYolo = !('problem' in yolo);
  if (voc && isYolo) throw fileError(fn, path, `holds both VOC .xml and YOLO .txt files; pass ${words.setting('format', ['voc', 'yolo'])}`);
  if (voc) return 'voc';
  if (isYolo) return 'yolo';
  if (yolo.problem.startsWith('labels/')) throw fileError(fn, path, yolo.problem);
  throw fileError(fn, path, 'no dataset found: expected VOC .xml files, YOLO .txt labels (here or in labels/), or pass a COCO .json file');
}

/**
 * Loads a dataset from a path of any supported format (see the module notes).
 *
 * @param path a COCO / compact `.json` file, a VOC XML folder or a YOLO label folder.
 * @param options `format` to force one, and the options of the loader it goes to:
 *   COCO: `name`; VOC: `difficultAsIgnore`, `classNames`, `name`; YOLO: `imageSize`,
 *   `imageSizes`, `classNames`, `unknownSize`, `name`.
 * @returns the loader's dataset (see `loadCoco`, `loadVoc`, `loadYolo`).
 * @throws {LabelAssignError} `invalid-config` for an unknown option or one that belongs to
 *   another format; `io` for a path that is no dataset and for every loader error (file and
 *   line or annotation id named).
 * @example
 * ```ts
 * loadDataset('annotations/instances_val2017.json');
 * loadDataset('VOCdevkit/VOC2007', { difficultAsIgnore: false });
 * loadDataset('coco128/labels/train2017', { imageSize: [640, 480] });
 * ```
 */
export function loadDataset(path: string, options: LoadDatasetOptions = {}): Dataset {
  return loadDatasetAs('loadDataset', path, options);
}

/**
 * {@link loadDataset} with its errors in `names`: a command passes its flags (`--image-size`)
 * and its name, so the loaders' hints say what to type on its command line.
 * @internal for the command line.
 * @example loadDatasetAs('loadDataset', 'VOCdevkit/VOC2007').format; // 'voc'
 */
export function loadDatasetAs(names: LoaderNames | string, path: string, options: LoadDatasetOptions = {}): Dataset {
  const words = loaderNames(names);
  const fn = words.fn;
  if (typeof path !== 'string' || path === '') throw invalidArgument(words, 'path', 'a non-empty path', path);
  const o = checkObject(words, words.section, options) as LoadDatasetOptions;
  checkKnownKeys(words, words.section, o, ALL_KEYS);
  if (o.format !== undefined && !Object.hasOwn(FORMAT_KEYS, o.format)) {
    throw invalidArgument(words, words.option('format'), "'coco', 'voc' or 'yolo'", o.format);
  }
  const format = o.format ?? detectDatasetFormat(path, words);
  const rest: Record<string, unknown> = { ...o };
  delete rest.format;
  for (const key of Object.keys(rest)) {
    if (!FORMAT_KEYS[format].includes(key)) {
      throw new LabelAssignError(
        'invalid-config',
        words.option(key),
        `${fn}: option '${words.mention(key)}' does not apply to ${FORMAT_LABEL[format]} (${path}); its options are: ${FORMAT_KEYS[format].map((k) => words.mention(k)).join(', ')}`,
      );
    }
  }
  switch (format) {
    case 'coco': {
      const name = resolveName(words, o.name, basename(path));
      return cocoOrCompactFromJson(fn, path, readCocoJson(fn, path), name);
    }
    case 'voc':
      return loadVocWith(fn, path, resolveVocOptions(rest as VocOptions, path, words));
    case 'yolo':
      return loadYoloWith(words, path, resolveYoloOptions(rest as YoloOptions, words));
  }
}
