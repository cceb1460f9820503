/**
 * YOLO (Darknet / Ultralytics) label folders as a {@link Dataset}: one `.txt` per image, one
 * line `class cx cy w h` per object, the four numbers normalised to the image size.
 *
 * The label files do not say how large the images are, and the images are never opened, so
 * the size comes from either
 * - `imageSize: [w, h]`, one size for every image, or
 * - a sidecar JSON mapping each label-file stem to `[width, height]` (or `null`: unknown),
 *   given as `imageSizes` (a path or the map itself) or found as `image_sizes.json` in the
 *   label folder or up to two folders above it. The map may group stems under sub-objects
 *   (for instance one per split); a stem is looked up at the top level, then in the group
 *   named like the label folder, then in any group. Other values (notes) are not read.
 *
 * An image whose size is unknown is an error naming the file (default, `unknownSize:
 * 'error'`), or with `unknownSize: 'skip'` it is left out and each of its boxes is reported
 * in `Dataset.skipped` (an empty label file gets one entry saying the image was left out).
 *
 * Class names: `classNames`, else `classes.txt` (one name per line, line index = class id) in
 * the label folder or up to two folders above it, else the ids found, named by their number
 * (then ids must be below {@link MAX_UNNAMED_CLASSES}).
 * A box becomes `[(cx - w / 2) * W, (cy - h / 2) * H, (cx + w / 2) * W, (cy + h / 2) * H]`;
 * boxes below 1 pixel or outside the image are skipped and reported (common.ts). Blank lines
 * are allowed; any other line that is not five numbers, a class id that is not a non-negative
 * integer (or not below the number of class names), or a coordinate outside [0, 1] (a slack of
 * 0.001 is allowed on the center for rounding; a negative width or height is an error) is an
 * error naming the file and line. Image sizes are positive integers. Ultralytics' polygon
 * (segmentation) lines are not read: they are errors too.
 */
import { basename, dirname, join } from 'node:path';
import { invalidArgument } from '../errors.js';
import { checkKnownKeys, checkObject } from '../validate.js';
import {
  checkClassNames,
  expectObject,
  fileError,
  ImageBuilder,
  listFolder,
  loaderNames,
  makeDataset,
  parseNumberText,
  readText,
  resolveName,
  showJson,
  skipReason,
  statOrUndefined,
  type LoaderNames,
} from './common.js';
import type { Category, Dataset, DatasetImage, SkippedBox } from './dataset.js';
import { readJsonFile } from './json-file.js';

/** A `[width, height]` in pixels, or `null` when unknown. */
export type ImageSizeEntry = readonly [number, number] | null;

/** Options of {@link loadYolo}. */
export interface YoloOptions {
  /** One `[width, height]` for every image. Not together with `imageSizes`. */
  readonly imageSize?: readonly [number, number];
  /**
   * A sidecar JSON file (path) or its content: stem -> `[width, height]` or `null`, possibly
   * grouped under sub-objects. Default: `image_sizes.json` found near the labels.
   */
  readonly imageSizes?: string | Readonly<Record<string, unknown>>;
  /** Class names, index = class id. Default: `classes.txt` found near the labels. */
  readonly classNames?: readonly string[];
  /** What to do with an image of unknown size: `'error'` (default) or `'skip'` (reported). */
  readonly unknownSize?: 'error' | 'skip';
  /** Dataset name used in reports; default: the label folder's name. */
  readonly name?: string;
}

/** {@link YoloOptions} checked, with defaults filled in. */
export interface ResolvedYoloOptions {
  readonly imageSize: readonly [number, number] | null;
  readonly imageSizes: string | Readonly<Record<string, unknown>> | null;
  readonly classNames: readonly string[] | null;
  readonly unknownSize: 'error' | 'skip';
  readonly name: string | null;
}

const YOLO_KEYS = ['imageSize', 'imageSizes', 'classNames', 'unknownSize', 'name'] as const;

/** Files looked for near the labels. */
export const CLASSES_FILE = 'classes.txt';
export const IMAGE_SIZES_FILE = 'image_sizes.json';

/** Class ids must be below this when no class names are given (ids 0..max become the categories). */
export const MAX_UNNAMED_CLASSES = 100_000;

/** Slack allowed outside [0, 1] for rounded normalised coordinates. */
const SLACK = 1e-3;

/** An image width or height: a positive integer (whole pixels). */
function isPixelSize(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * Checks {@link YoloOptions} and fills in the defaults.
 * @throws {LabelAssignError} `invalid-config` for an unknown key, `invalid-argument` for a bad value.
 */
export function resolveYoloOptions(options: YoloOptions = {}, names: LoaderNames | string = 'loadYolo'): ResolvedYoloOptions {
  const n = loaderNames(names);
  const at = (key: string): string => n.option(key);
  const o = checkObject(n, n.section, options) as YoloOptions;
  checkKnownKeys(n, n.section, o, YOLO_KEYS);
  let imageSize: readonly [number, number] | null = null;
  if (o.imageSize !== undefined) {
    const s = o.imageSize as unknown;
    if (!Array.isArray(s) || s.length !== 2 || !s.every(isPixelSize)) {
      throw invalidArgument(n, at('imageSize'), '[width, height], two positive integers', s);
    }
    imageSize = Object.freeze([s[0], s[1]] as const);
  }
  let imageSizes: ResolvedYoloOptions['imageSizes'] = null;
  if (o.imageSizes !== undefined) {
    if (imageSize) throw invalidArgument(n, at('imageSizes'), `left out when ${at('imageSize')} is given (use one or the other)`, o.imageSizes);
    const v = o.imageSizes as unknown;
    if (!(typeof v === 'string' && v !== '') && (typeof v !== 'object' || v === null || Array.isArray(v))) {
      throw invalidArgument(n, at('imageSizes'), 'a path to a JSON file or an object (stem -> [width, height])', v);
    }
    imageSizes = v as ResolvedYoloOptions['imageSizes'];
  }
  const classNames = o.classNames === undefined ? null : checkClassNames(n, o.classNames);
  const unknownSize = o.unknownSize ?? 'error';
  if (unknownSize !== 'error' && unknownSize !== 'skip') throw invalidArgument(n, at('unknownSize'), "'error' or 'skip'", unknownSize);
  const name = o.name === undefined ? null : resolveName(n, o.name, '');
  return Object.freeze({ imageSize, imageSizes, classNames, unknownSize, name });
}

/**
 * Reads a folder of YOLO label files: the folder itself when it holds `.txt` files (other
 * than `classes.txt`), else its `labels/` subfolder. Files are read in natural name order.
 *
 * @param folder the label folder, or the dataset folder holding `labels/`.
 * @returns a dataset of format `yolo`: `images[i].id` is the label-file stem, `fileName` the
 *   stem + `.jpg` (images are never opened), boxes `[numObjects * 4]` in pixels, labels the
 *   class ids (indices into `categories`, whose `id` is the class id). YOLO files have no
 *   ignore regions.
 * @throws {LabelAssignError} `io` naming the file and line: a malformed line, a bad class id,
 *   an unnormalised coordinate, an unknown image size (unless `unknownSize: 'skip'`), a bad
 *   sidecar entry or `classes.txt` line, a folder without label files (or with only split
 *   subfolders, which it lists). `invalid-config`/`invalid-argument` for bad options.
 * @example
 * ```ts
 * const yolo = loadYolo('coco128/labels/train2017', { imageSize: [640, 480] });
 * const sized = loadYolo('coco128', { imageSizes: 'coco128/image_sizes.json', unknownSize: 'skip' });
 * ```
 */
export function loadYolo(folder: string, options: YoloOptions = {}): Dataset {
  return loadYoloWith('loadYolo', folder, resolveYoloOptions(options, 'loadYolo'));
}

/** @internal The folder holding the label files, or a reason there is none. */
export function yoloFolder(fn: string, folder: string): { path: string; files: string[] } | { problem: string } {
  const isLabel = (n: string): boolean => n.toLowerCase().endsWith('.txt') && n !== CLASSES_FILE;
  const listing = listFolder(fn, folder);
  const here = listing.files.filter(isLabel);
  if (here.length > 0) return { path: folder, files: here };
  if (listing.folders.includes('labels')) {
    const sub = join(folder, 'labels');
    const inner = listFolder(fn, sub);
    const files = inner.files.filter(isLabel);
    if (files.length > 0) return { path: sub, files };
    const splits = inner.folders.filter((d) => listFolder(fn, join(sub, d)).files.some(isLabel));
    if (splits.length > 0) {
      return { problem: `labels/ holds one folder per split; load one of them: ${splits.map((d) => join(sub, d)).join(', ')}` };
    }
  }
  return { problem: 'no YOLO label files (.txt) in this folder (nor in its labels/ subfolder)' };
}

/** @internal {@link loadYolo} with resolved options and the caller's name for messages. */
export function loadYoloWith(names: LoaderNames | string, folder: string, options: ResolvedYoloOptions): Dataset {
  const words = loaderNames(names);
  const fn = words.fn;
  const dir = yoloFolder(fn, folder);
  if ('problem' in dir) throw fileError(fn, folder, dir.problem);

  const classNames = options.classNames ?? readClassesNear(fn, dir.path);
  const sizes = options.imageSize ? null : loadSizes(fn, dir.path, options.imageSizes);
  const group = basename(dir.path);

  const parsed = dir.files.map((name) => ({ name, stem: name.replace(/\.txt$/i, ''), lines: parseLabelFile(fn, join(dir.path, name), classNames) }));
  let numClasses = classNames ? classNames.length : 0;
  if (!classNames) for (const f of parsed) for (const l of f.lines) numClasses = Math.max(numClasses, l.cls + 1);
  const categories: Category[] = Array.from({ length: numClasses }, (_, id) => ({ id, name: classNames ? classNames[id] : String(id) }));

  const images: DatasetImage[] = [];
  const skipped: SkippedBox[] = [];
  for (const f of parsed) {
    let size: readonly [number, number] | null | undefined;
    let sizeProblem = '';
    if (options.imageSize) size = options.imageSize;
    else if (!sizes) {
      sizeProblem = `no image size: give ${words.example('imageSize')}, or ${words.example('imageSizes')} (a JSON file of stem -> [width, height]); no ${IMAGE_SIZES_FILE} was found near the labels`;
    } else {
      size = lookupSize(fn, sizes, f.stem, group);
      if (size === undefined) sizeProblem = `no image size: ${sizes.source} has no entry '${f.stem}'`;
      else if (size === null) sizeProblem = `image size unknown: ${sizes.source} gives null for '${f.stem}'`;
    }
    if (!size) {
      if (options.unknownSize === 'error') {
        throw fileError(fn, join(dir.path, f.name), `${sizeProblem} (${words.setting('unknownSize', ['skip'])} leaves such images out, reporting their boxes)`);
      }
      const reason = `image left out: ${sizeProblem}`;
      if (f.lines.length === 0) skipped.push({ imageId: f.stem, where: f.name, reason: `${reason} (the file has no boxes)` });
      for (const l of f.lines) skipped.push({ imageId: f.stem, where: `${f.name}:${l.line}`, reason });
      continue;
    }
    const [width, height] = size;
    const builder = new ImageBuilder(f.stem, `${f.stem}.jpg`, width, height);
    for (const l of f.lines) {
      const x = (l.cx - l.w / 2) * width;
      const y = (l.cy - l.h / 2) * height;
      const w = l.w * width;
      const h = l.h * height;
      const reason = skipReason(x, y, w, h, width, height);
      if (reason !== null) skipped.push({ imageId: f.stem, where: `${f.name}:${l.line}`, reason });
      else builder.addObject(x, y, w, h, l.cls);
    }
    images.push(builder.build());
  }
  return makeDataset(options.name ?? basename(dir.path), 'yolo', categories, images, skipped);
}

interface LabelLine {
  readonly line: number;
  readonly cls: number;
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
}

const FIELDS = ['cx', 'cy', 'w', 'h'] as const;

function parseLabelFile(fn: string, path: string, classNames: readonly string[] | null): LabelLine[] {
  const text = readText(fn, path, { what: 'a YOLO label file' });
  const out: LabelLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const content = lines[i].trim();
    if (content === '') continue;
    const where = `${path}:${i + 1}`;
    const tokens = content.split(/\s+/);
    if (tokens.length !== 5) {
      const hint = tokens.length > 5 && tokens.length % 2 === 1 ? ' (a segmentation polygon? only boxes are read)' : '';
      throw fileError(fn, where, `expected 5 values 'class cx cy w h', found ${tokens.length}${hint}`);
    }
    const cls = Number(tokens[0]);
    if (!/^[+]?\d+(\.0*)?$/.test(tokens[0]) || !Number.isSafeInteger(cls)) {
      throw fileError(fn, where, `class must be a non-negative integer, but was '${tokens[0]}'`);
    }
    if (classNames && cls >= classNames.length) {
      throw fileError(fn, where, `class ${cls} is not below the number of class names (${classNames.length})`);
    }
    // Without names, classes 0..max are all categories: a huge id would allocate them all.
    if (!classNames && cls >= MAX_UNNAMED_CLASSES) {
      throw fileError(fn, where, `class ${cls} is too large: without class names (classes.txt or classNames) class ids must be below ${MAX_UNNAMED_CLASSES}`);
    }
    const v = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) {
      const token = tokens[k + 1];
      // Decimal only, as the reference's float() reads it: Number('0x10') would be 16.
      const value = parseNumberText(token);
      if (Number.isNaN(value)) throw fileError(fn, where, `${FIELDS[k]} must be a decimal number, but was '${token}'`);
      // The slack covers rounded centers; a negative size is malformed, not rounded.
      if (value < (k < 2 ? -SLACK : 0) || value > 1 + SLACK) {
        throw fileError(fn, where, `${FIELDS[k]} must be normalised to [0, 1], but was ${token}${value > 1 ? ' (pixel coordinates?)' : ''}`);
      }
      v[k] = value;
    }
    out.push({ line: i + 1, cls, cx: v[0], cy: v[1], w: v[2], h: v[3] });
  }
  return out;
}

/** The folder and up to two above it, nearest first. */
function nearFolders(folder: string): string[] {
  const out = [folder];
  for (let k = 0; k < 2; k++) {
    const up = dirname(out[out.length - 1]);
    if (up === out[out.length - 1]) break;
    out.push(up);
  }
  return out;
}

function findNear(folder: string, fileName: string): string | undefined {
  for (const dir of nearFolders(folder)) {
    const candidate = join(dir, fileName);
    if (statOrUndefined(candidate)?.isFile()) return candidate;
  }
  return undefined;
}

/** Class names from `classes.txt` near the labels, or null when there is none. */
function readClassesNear(fn: string, folder: string): readonly string[] | null {
  const path = findNear(folder, CLASSES_FILE);
  if (!path) return null;
  const lines = readText(fn, path, { what: 'a class-name file' }).split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw fileError(fn, path, 'has no class names');
  return lines.map((line, i) => {
    const name = line.trim();
    if (name === '') throw fileError(fn, `${path}:${i + 1}`, 'empty class name (one name per line, line index = class id)');
    return name;
  });
}

interface SizeMap {
  readonly source: string;
  readonly map: Readonly<Record<string, unknown>>;
}

function loadSizes(fn: string, folder: string, given: ResolvedYoloOptions['imageSizes']): SizeMap | null {
  if (given !== null && typeof given === 'object') return checkSizes(fn, 'options.imageSizes', given);
  const path = typeof given === 'string' ? given : findNear(folder, IMAGE_SIZES_FILE);
  if (!path) return null;
  return checkSizes(fn, path, expectObject(fn, path, 'the top level', readJsonFile(fn, path)));
}

/** Checks every size entry (top level and one level of groups). */
function checkSizes(fn: string, source: string, map: Readonly<Record<string, unknown>>): SizeMap {
  const check = (key: string, value: unknown): void => {
    if (value === null) return;
    if (Array.isArray(value)) {
      if (value.length !== 2 || !value.every(isPixelSize)) {
        throw fileError(fn, `${source}: '${key}'`, `must be [width, height] (two positive integers) or null, but was ${showJson(value)}`);
      }
    }
  };
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value)) check(`${key}.${inner}`, v);
    } else check(key, value);
  }
  return { source, map };
}

/**
 * A stem's size: `[w, h]`, `null` (unknown) or `undefined` (no entry). An entry for the stem
 * that is neither (a text, a number) is an error: only keys that are not stems may hold notes.
 */
function lookupSize(fn: string, sizes: SizeMap, stem: string, group: string): ImageSizeEntry | undefined {
  const asEntry = (where: string, v: unknown): ImageSizeEntry => {
    if (v === null || Array.isArray(v)) return v as ImageSizeEntry;
    throw fileError(fn, `${sizes.source}: '${where}'`, `must be [width, height] (two positive integers) or null, but was ${showJson(v)}`);
  };
  const isGroup = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const { map } = sizes;
  if (Object.hasOwn(map, stem) && !isGroup(map[stem])) return asEntry(stem, map[stem]);
  const groups = Object.entries(map).filter((e): e is [string, Record<string, unknown>] => isGroup(e[1]));
  groups.sort(([a], [b]) => (a === group ? -1 : b === group ? 1 : 0));
  for (const [name, g] of groups) if (Object.hasOwn(g, stem)) return asEntry(`${name}.${stem}`, g[stem]);
  return undefined;
}
