/**
 * Pascal VOC XML annotation folders (one `.xml` per image, as VOCdevkit's `Annotations/` or
 * labelImg write them) as a {@link Dataset}, parsed with fast-xml-parser and converted as
 * mmdetection 3.x `XMLDataset.parse_data_info` converts them:
 *
 * - image size from `<size><width>/<height>` (required: images are never opened);
 * - each `<object>`'s `<bndbox>` coordinate is truncated to an integer (`int(float(text))`)
 *   and then 1 is subtracted from all four, xmin, ymin, xmax and ymax alike: VOC's 1-based
 *   pixel indices become 0-based, and a box keeps `xmax - xmin` as its width (no `+ 1`);
 * - `<difficult>1</difficult>` objects become ignore regions (option `difficultAsIgnore`,
 *   default true; `false` keeps them as objects); a missing or empty `<difficult>` is 0;
 * - categories: the given `classNames` in their order, or every `<name>` found, sorted; with
 *   `classNames` given, objects of other names are skipped and reported (the reference skips
 *   them silently).
 *
 * On top of the reference (whose XML loader has no such filter), boxes are skipped and
 * reported under the same rule as COCO's: width or height below 1 pixel, or no overlap with
 * the image (see common.ts); such boxes cannot be assigned anything. Well-formedness is checked
 * with fast-xml-parser's `XMLValidator` first, so a broken file is an error with its line and
 * column, never a half-read image.
 */
import { basename, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describeValue, invalidArgument } from '../errors.js';
import { checkKnownKeys, checkObject } from '../validate.js';
import {
  checkClassNames,
  fileError,
  floatRangeProblem,
  ImageBuilder,
  lineAndColumn,
  listFolder,
  loaderNames,
  makeDataset,
  parseNumberText,
  readText,
  resolveName,
  skipReason,
  type LoaderNames,
} from './common.js';
import type { Category, Dataset, SkippedBox } from './dataset.js';

/** Options of {@link loadVoc}. */
export interface VocOptions {
  /** `true` (default): difficult objects are ignore regions; `false`: ordinary objects. */
  readonly difficultAsIgnore?: boolean;
  /** Class names in label order; default: the names found, sorted. */
  readonly classNames?: readonly string[];
  /** Dataset name used in reports; default: the folder's name. */
  readonly name?: string;
}

/** {@link VocOptions} checked, with defaults filled in. */
export interface ResolvedVocOptions {
  readonly difficultAsIgnore: boolean;
  readonly classNames: readonly string[] | null;
  readonly name: string;
}

const VOC_KEYS = ['difficultAsIgnore', 'classNames', 'name'] as const;

/**
 * Checks {@link VocOptions} and fills in the defaults.
 * @throws {LabelAssignError} `invalid-config` for an unknown key, `invalid-argument` for a bad value.
 */
export function resolveVocOptions(options: VocOptions = {}, folder = 'voc', names: LoaderNames | string = 'loadVoc'): ResolvedVocOptions {
  const n = loaderNames(names);
  const o = checkObject(n, n.section, options) as VocOptions;
  checkKnownKeys(n, n.section, o, VOC_KEYS);
  const difficultAsIgnore = o.difficultAsIgnore ?? true;
  if (typeof difficultAsIgnore !== 'boolean') throw invalidArgument(n, n.option('difficultAsIgnore'), 'true or false', difficultAsIgnore);
  const classNames = o.classNames === undefined ? null : checkClassNames(n, o.classNames);
  return Object.freeze({ difficultAsIgnore, classNames, name: resolveName(n, o.name, basename(folder)) });
}

/** One parsed `<object>`. */
interface VocObject {
  readonly name: string;
  readonly difficult: boolean;
  /** Corners after truncation and the 1-based -> 0-based shift. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** `file:line (object k)`. */
  readonly where: string;
}

interface VocFile {
  readonly stem: string;
  readonly fileName: string;
  readonly width: number;
  readonly height: number;
  readonly objects: readonly VocObject[];
}

/**
 * Reads a folder of Pascal VOC XML files (or a folder whose `Annotations/` subfolder holds
 * them), in natural file-name order.
 *
 * @param folder the folder.
 * @returns a dataset of format `voc`: `images[i].id` is the file stem, `fileName` the
 *   `<filename>` tag (or stem + `.jpg`), boxes `[numObjects * 4]` 0-based corners as above,
 *   difficult objects in `ignoreBoxes` unless `difficultAsIgnore: false`.
 * @throws {LabelAssignError} `io` with the file and line for: a folder without `.xml` files,
 *   XML that is not well formed, no `<annotation>`, a missing `<size>`, a missing or empty
 *   `<name>` or `<bndbox>`, a coordinate that is not a number, a size that is not a positive
 *   integer, an `<xmax>` below `<xmin>` (or `<ymax>` below `<ymin>`), a `<difficult>` that is
 *   not an integer. `invalid-config`/`invalid-argument` for bad options.
 * @example
 * ```ts
 * const voc = loadVoc('VOCdevkit/VOC2007/Annotations', { difficultAsIgnore: false });
 * voc.categories.map((c) => c.name); // ['aeroplane', 'bicycle', ...]
 * ```
 */
export function loadVoc(folder: string, options: VocOptions = {}): Dataset {
  return loadVocWith('loadVoc', folder, resolveVocOptions(options, folder, 'loadVoc'));
}

/** @internal {@link loadVoc} with resolved options and the caller's name for messages. */
export function loadVocWith(fn: string, folder: string, options: ResolvedVocOptions): Dataset {
  const dir = vocFolder(fn, folder);
  if (!dir) throw fileError(fn, folder, `no .xml files in this folder (nor in its Annotations/ subfolder)`);
  const files = dir.files.map((name) => parseVocFile(fn, join(dir.path, name), name));

  let names: readonly string[];
  if (options.classNames) names = options.classNames;
  else {
    const found = new Set<string>();
    for (const f of files) for (const o of f.objects) found.add(o.name);
    names = [...found].sort();
  }
  const indexOf = new Map(names.map((n, i) => [n, i]));
  const categories: Category[] = names.map((name, id) => ({ id, name }));

  const skipped: SkippedBox[] = [];
  const images = files.map((f) => {
    const builder = new ImageBuilder(f.stem, f.fileName, f.width, f.height);
    for (const o of f.objects) {
      const w = o.x2 - o.x1;
      const h = o.y2 - o.y1;
      const label = indexOf.get(o.name);
      let reason = label === undefined ? `class '${o.name}' is not in classNames` : skipReason(o.x1, o.y1, w, h, f.width, f.height);
      if (reason !== null) {
        if (o.difficult) reason += ' (a difficult object)';
        skipped.push({ imageId: f.stem, where: o.where, reason });
      } else if (o.difficult && options.difficultAsIgnore) builder.addIgnore(o.x1, o.y1, w, h);
      else builder.addObject(o.x1, o.y1, w, h, label!);
    }
    return builder.build();
  });
  return makeDataset(options.name, 'voc', categories, images, skipped);
}

/** @internal The folder holding the `.xml` files (itself or its `Annotations/`), or undefined. */
export function vocFolder(fn: string, folder: string): { path: string; files: string[] } | undefined {
  const listing = listFolder(fn, folder);
  const xml = listing.files.filter((n) => n.toLowerCase().endsWith('.xml'));
  if (xml.length > 0) return { path: folder, files: xml };
  if (listing.folders.includes('Annotations')) {
    const sub = join(folder, 'Annotations');
    const inner = listFolder(fn, sub).files.filter((n) => n.toLowerCase().endsWith('.xml'));
    if (inner.length > 0) return { path: sub, files: inner };
  }
  return undefined;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  captureMetaData: true,
  processEntities: true,
  isArray: (tagName) => tagName === 'object',
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function parseVocFile(fn: string, path: string, fileName: string): VocFile {
  const text = readText(fn, path, { what: 'a VOC annotation file' });
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    // Several unclosed tags come as "Invalid '[ "a", "b" ]' found." at 1:1: name them, at the end of the file.
    const unclosed = /^Invalid '\[(.*)\]' found\.?$/s.exec(verdict.err.msg);
    if (unclosed !== null) {
      const tags = [...unclosed[1].matchAll(/"([^"]*)"/g)].map((m) => `<${m[1]}>`);
      throw fileError(fn, `${path}:${lineAndColumn(text, text.length).line}`, `malformed XML (unclosed tags ${tags.join(', ')}: is the file truncated?)`);
    }
    throw fileError(fn, `${path}:${verdict.err.line}:${verdict.err.col}`, `malformed XML (${verdict.err.msg})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw fileError(fn, path, `malformed XML (${(error as Error).message})`);
  }
  const stem = fileName.replace(/\.xml$/i, '');
  const root = doc.annotation;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw fileError(
      fn,
      path,
      Array.isArray(root) ? 'more than one <annotation> element' : root === undefined ? 'no <annotation> element' : '<annotation> is empty: it needs a <size> (and its <object>s)',
    );
  }
  const annotation = root as Record<string, unknown>;
  const at = (node: unknown): string => {
    const start = (node as Record<symbol, { startIndex?: number } | undefined>)?.[META]?.startIndex;
    return start === undefined ? path : `${path}:${lineAndColumn(text, start).line}`;
  };

  const size = single(fn, path, annotation, 'size', 'annotation');
  const sizeAt = at(size);
  const sizeNode = element(fn, sizeAt, size, 'size');
  const width = number(fn, sizeAt, sizeNode, 'width', 'size', true, true);
  const height = number(fn, sizeAt, sizeNode, 'height', 'size', true, true);
  const fileTag = annotation.filename;
  const imageFile = typeof fileTag === 'string' && fileTag !== '' ? fileTag : `${stem}.jpg`;

  const objects: VocObject[] = [];
  const list = (annotation.object ?? []) as unknown[];
  let objectTags: number[] | undefined;
  const objectAt = (raw: unknown, k: number): string => {
    const found = at(raw);
    if (found !== path) return found;
    // An empty <object/> carries no position: find the k-th <object> tag in the text instead.
    objectTags ??= [...text.matchAll(/<object[\s>/]/g)].map((m) => m.index);
    return objectTags[k] === undefined ? path : `${path}:${lineAndColumn(text, objectTags[k]).line}`;
  };
  list.forEach((raw, k) => {
    const where = `${objectAt(raw, k)} (object ${k + 1})`;
    const obj = element(fn, where, raw, 'object');
    const name = obj.name;
    if (typeof name !== 'string' || name === '') {
      throw fileError(fn, where, `<name> must be a non-empty text, but was ${name === undefined ? 'missing' : describeValue(name)}`);
    }
    const difficultText = obj.difficult;
    let difficult = false;
    if (difficultText !== undefined && difficultText !== '') {
      const d = typeof difficultText === 'string' ? parseNumberText(difficultText) : Number.NaN;
      if (!Number.isInteger(d)) throw fileError(fn, where, `<difficult> must be an integer (0 or 1), but was ${describeValue(difficultText)}`);
      difficult = d !== 0;
    }
    const box = element(fn, where, single(fn, where, obj, 'bndbox', 'object'), 'bndbox');
    const xmin = number(fn, where, box, 'xmin', 'bndbox');
    const ymin = number(fn, where, box, 'ymin', 'bndbox');
    const xmax = number(fn, where, box, 'xmax', 'bndbox');
    const ymax = number(fn, where, box, 'ymax', 'bndbox');
    // Swapped corners are a malformed box, not a degenerate one.
    if (xmax < xmin) throw fileError(fn, where, `<bndbox><xmax> (${xmax}) must be >= <xmin> (${xmin})`);
    if (ymax < ymin) throw fileError(fn, where, `<bndbox><ymax> (${ymax}) must be >= <ymin> (${ymin})`);
    // int(float(text)) - 1, as the reference: truncation toward zero, then 1-based -> 0-based.
    const x1 = Math.trunc(xmin) - 1;
    const y1 = Math.trunc(ymin) - 1;
    const x2 = Math.trunc(xmax) - 1;
    const y2 = Math.trunc(ymax) - 1;
    const range = floatRangeProblem(x1, y1, x2, y2);
    if (range !== null) throw fileError(fn, where, `<bndbox>: ${range}`);
    objects.push({ name, difficult, x1, y1, x2, y2, where: `${fileName}${where.slice(path.length)}` });
  });
  return { stem, fileName: imageFile, width, height, objects };
}

/** The one child element `tag` of `parent`; missing or repeated is an error. */
function single(fn: string, where: string, parent: Record<string, unknown>, tag: string, parentTag: string): unknown {
  const value = parent[tag];
  if (value === undefined) throw fileError(fn, where, `<${parentTag}> has no <${tag}>`);
  if (Array.isArray(value)) throw fileError(fn, where, `<${parentTag}> has more than one <${tag}>`);
  return value;
}

/** An element with children (fast-xml-parser gives `''` for an empty one). */
function element(fn: string, where: string, value: unknown, tag: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fileError(fn, where, `<${tag}> must hold child elements, but was ${value === '' ? 'empty' : describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

function number(fn: string, where: string, parent: Record<string, unknown>, tag: string, parentTag: string, positive = false, integer = false): number {
  const value = single(fn, where, parent, tag, parentTag);
  const v = typeof value === 'string' ? parseNumberText(value) : Number.NaN;
  if (Number.isNaN(v) || (positive && !(v > 0)) || (integer && !Number.isInteger(v))) {
    const kind = integer ? 'integer' : 'decimal number';
    throw fileError(fn, where, `<${parentTag}><${tag}> must be a ${positive ? 'positive ' : ''}${kind}, but was ${describeValue(value)}`);
  }
  return v;
}
