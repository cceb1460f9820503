/**
 * What the dataset loaders share: reading files with errors that name the file, JSON with a
 * line and column on a syntax error, the one rule that decides which boxes are skipped (and
 * why), and the builder that turns collected boxes into a frozen {@link DatasetImage}.
 *
 * The skip rule is mmdetection 3.x `CocoDataset.parse_data_info`'s, applied by every loader:
 * a box is skipped when its width or height is below 1 pixel, its area is not positive, or it
 * does not overlap the image at all. A box that is only partly outside the image is kept as
 * it is (not clipped), as the reference keeps it. Every skipped box is reported in
 * `Dataset.skipped`; nothing is dropped silently. A box with a negative width or height, or a
 * corner beyond the float32 range, is malformed rather than degenerate: the loaders throw.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { describeValue, invalidArgument, LabelAssignError } from '../errors.js';
import { apiNames, markBoxesChecked, MAX_COORDINATE, type OptionNames } from '../validate.js';
import type { Category, Dataset, DatasetImage, SkippedBox } from './dataset.js';

/**
 * The words of a loader's errors: its options' names (`options.imageSize` for the API,
 * `--image-size` for the command line) and how its hints show a setting, so that a hint tells
 * the user what to type where they are: `give imageSize: [width, height]` to an API caller,
 * `give --image-size WxH` on the command line.
 */
export interface LoaderNames extends OptionNames {
  /** Option `key` with the form of its value, e.g. `imageSize: [width, height]` or `--image-size WxH`. */
  example(key: string): string;
  /** Option `key` set to one of `values`, e.g. `format: 'voc' or 'yolo'` or `--format voc or --format yolo`. */
  setting(key: string, values: readonly string[]): string;
}

/** How the API shows an option with the form of its value (others: the bare name). */
const API_EXAMPLES: Readonly<Record<string, string>> = { imageSize: 'imageSize: [width, height]' };

/**
 * `names` itself, or the API's words for loader function `names`: options as `options.key`,
 * examples such as `imageSize: [width, height]`, settings as `unknownSize: 'skip'`.
 * @example loaderNames('loadYolo').setting('unknownSize', ['skip']); // "unknownSize: 'skip'"
 */
export function loaderNames(names: LoaderNames | string): LoaderNames {
  if (typeof names !== 'string') return names;
  return {
    ...apiNames(names, 'options.'),
    example: (key) => API_EXAMPLES[key] ?? key,
    setting: (key, values) => `${key}: ${values.map((v) => `'${v}'`).join(' or ')}`,
  };
}

/**
 * An error about a file's content or a file that cannot be read: code `io`, message
 * `fn: location: message` where `location` is `file:line`, `file: annotation id 7`, etc.
 */
export function fileError(fn: string, location: string, message: string): LabelAssignError {
  return new LabelAssignError('io', location, `${fn}: ${location}: ${message}`);
}

/** The `name` option: a non-empty string, or the fallback. */
export function resolveName(names: LoaderNames | string, name: unknown, fallback: string): string {
  if (name === undefined) return fallback;
  if (typeof name !== 'string' || name.trim() === '') {
    const n = loaderNames(names);
    throw invalidArgument(n, n.option('name'), 'a non-empty string', name);
  }
  return name;
}

/** Checks a list of distinct, non-empty class names. */
export function checkClassNames(names: LoaderNames | string, value: unknown): readonly string[] {
  const n = loaderNames(names);
  const path = n.option('classNames');
  if (!Array.isArray(value) || value.length === 0) throw invalidArgument(n, path, 'a non-empty array of class names', value);
  const seen = new Set<string>();
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') throw invalidArgument(n, `${path}[${i}]`, 'a non-empty string', v);
    if (seen.has(v)) throw invalidArgument(n, `${path}[${i}]`, 'a name not given before', v);
    seen.add(v);
  });
  return Object.freeze([...value]);
}

/**
 * Most bytes of a file that is read whole as text (a VOC `.xml`, a YOLO `.txt`, a case file),
 * unless its reader gives another limit. A COCO `.json` file has no limit: above
 * `STREAM_JSON_ABOVE_BYTES` it is streamed (see `json-file.ts`).
 */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/**
 * What a path is, in words: `a FIFO (named pipe)`, `a character device`, ...
 * @example fileKind(statSync('/dev/null')); // 'a character device'
 */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why a path that is not a regular file cannot be read as one. */
function notRegular(stats: Stats): string {
  return stats.isDirectory() ? 'it is a folder' : `it is ${fileKind(stats)}, not a regular file`;
}

/**
 * Opens a regular file for reading, at once or not at all: a FIFO is opened without waiting
 * for a writer, and anything that is not a regular file (a folder, a FIFO, a device such as
 * `/dev/zero`, a socket) is refused before a byte is read, so no input can make a loader wait
 * or read for ever. The caller closes the descriptor.
 * @returns the descriptor and the file's size in bytes.
 * @throws {LabelAssignError} `io`: `fn: file: cannot read the file (it is a character device, not a regular file)`.
 * @example const { fd, size } = openRegularFile('loadCoco', 'instances.json');
 */
export function openRegularFile(fn: string, file: string): { fd: number; size: number } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one; reads of a regular file ignore it.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const stats = statOrUndefined(file);
    const reason = stats !== undefined && !stats.isFile() ? notRegular(stats) : systemMessage(error);
    throw fileError(fn, file, `cannot read the file (${reason})`);
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw fileError(fn, file, `cannot read the file (${systemMessage(error)})`);
  }
  if (!stats.isFile()) {
    closeSync(fd);
    throw fileError(fn, file, `cannot read the file (${notRegular(stats)})`);
  }
  return { fd, size: stats.size };
}

/**
 * A byte count for a message.
 * @example sizeText(600 * 1024 * 1024); // '600 MiB'
 */
export function sizeText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(value < 10 ? 1 : 0))} ${units[unit]}`;
}

/**
 * Up to `limit` bytes of an open file from its start (fewer at its end). A file that says it
 * is empty may still have content (`/proc`), so this reads to the end, not to the size.
 */
export function readBytes(fd: number, limit: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(limit - total, 1), 1 << 20));
    const n = readSync(fd, chunk, 0, chunk.length, total);
    if (n === 0) break;
    parts.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total >= limit) break;
  }
  return Buffer.concat(parts, total);
}

/** UTF-8 bytes as text, without the byte-order mark. */
export function decodeText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** How a text file is read: at most `maxBytes` (default {@link MAX_TEXT_BYTES}); `what` it is, for the message. */
export interface TextLimit {
  readonly maxBytes?: number;
  /** What the file is, with its article: `a preset config`, `a VOC annotation file`. */
  readonly what?: string;
}

/**
 * The error for a file above the size a reader takes whole.
 * @example tooLarge('compare', 'big.json', 600 * 2 ** 20, { maxBytes: 2 ** 20, what: 'a preset config' }).message;
 * // 'compare: big.json: is 600 MiB, too large for a preset config, which is read whole (at most 1 MiB)'
 */
export function tooLarge(fn: string, file: string, size: number | undefined, limit: TextLimit): LabelAssignError {
  const max = limit.maxBytes ?? MAX_TEXT_BYTES;
  const what = limit.what ?? 'this kind of file';
  return fileError(fn, file, `is ${size === undefined ? `more than ${sizeText(max)}` : sizeText(size)}, too large for ${what}, which is read whole (at most ${sizeText(max)})`);
}

/**
 * Reads a UTF-8 text file (without its byte-order mark), refusing at once what is not a regular
 * file (see {@link openRegularFile}) or is larger than `limit.maxBytes`.
 * @throws {LabelAssignError} `io` naming the file: missing, unreadable, not a regular file, too large.
 * @example readText('compare', 'my-preset.json', { maxBytes: 1 << 20, what: 'a preset config' });
 */
export function readText(fn: string, file: string, limit: TextLimit = {}): string {
  const max = limit.maxBytes ?? MAX_TEXT_BYTES;
  const { fd, size } = openRegularFile(fn, file);
  try {
    if (size > max) throw tooLarge(fn, file, size, limit);
    const bytes = readBytes(fd, max + 1);
    if (bytes.length > max) throw tooLarge(fn, file, undefined, limit);
    return decodeText(bytes);
  } catch (error) {
    if (error instanceof LabelAssignError) throw error;
    throw fileError(fn, file, `cannot read the file (${systemMessage(error)})`);
  } finally {
    closeSync(fd);
  }
}

/** `statSync` that returns undefined for a missing path. */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Names in a folder, sorted with numbers in names compared as numbers (`a-2` before `a-10`). */
export function listFolder(fn: string, folder: string): { files: string[]; folders: string[] } {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    const stats = statOrUndefined(folder);
    const reason = stats !== undefined && !stats.isDirectory() ? `it is ${fileKind(stats)}, not a folder` : systemMessage(error);
    throw fileError(fn, folder, `cannot read the folder (${reason})`);
  }
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    const isDirectory = entry.isSymbolicLink() ? statOrUndefined(join(folder, entry.name))?.isDirectory() : entry.isDirectory();
    if (isDirectory) folders.push(entry.name);
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(entry.name);
  }
  files.sort(compareNames);
  folders.sort(compareNames);
  return { files, folders };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Natural order of file names; ties (names equal to the collator) fall back to code units. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function systemMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') {
    if (e.code === 'ENOENT') return 'no such file or folder';
    if (e.code === 'EISDIR') return 'it is a folder';
    if (e.code === 'EACCES') return 'permission denied';
    return e.code;
  }
  return String((error as Error)?.message ?? error);
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * `JSON.parse` with a file, line and column on a syntax error:
 * `loadCoco: data/a.json:3:14: invalid JSON (Expected ',' or '}' after property value)`.
 */
export function parseJson(fn: string, file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = String((error as Error).message);
    let line: number;
    let column: number;
    const lc = /\(line (\d+) column (\d+)\)/.exec(message);
    const at = /at position (\d+)/.exec(message);
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else {
      ({ line, column } = lineAndColumn(text, at ? Number(at[1]) : jsonErrorOffset(text)));
    }
    const reason = message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/,?\s*(in JSON )?at position \d+/, '')
      .replace(/, (\.\.\.)?".*" ?(\.\.\.)? is not valid JSON$/s, '')
      .replace(/^JSON\.parse: /, '');
    throw fileError(fn, `${file}:${line}:${column}`, `invalid JSON (${reason})`);
  }
}

/**
 * Offset of the first syntax error in `text` (which `JSON.parse` rejected), for the messages
 * in which V8 gives no position. A small recursive-descent scan; only run after a failure.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const fail = (): never => {
    throw i;
  };
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) fail();
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      number.lastIndex = i;
      const m = number.exec(text);
      if (!m || m[0].length === 0) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    ws();
    return i;
  } catch (offset) {
    return typeof offset === 'number' ? offset : n;
  }
}

/** Checks a plain JSON object, else throws `location: what must be an object, but was ...`. */
export function expectObject(fn: string, location: string, what: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fileError(fn, location, `${what} must be an object, but was ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Categories sorted by id, and id -> index. */
export function parseCategories(
  fn: string,
  file: string,
  value: unknown,
): { categories: Category[]; indexById: Map<number, number> } {
  const list = expectArray(fn, file, 'categories', value);
  const categories: Category[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < list.length; i++) {
    const where = `${file}: categories[${i}]`;
    const c = expectObject(fn, where, 'the category', list[i]);
    const id = expectNumber(fn, where, 'id', c.id, { integer: true });
    if (typeof c.name !== 'string') throw fileError(fn, where, `name must be a string, but was ${describeValue(c.name)}`);
    if (seen.has(id)) throw fileError(fn, where, `duplicate category id ${id}`);
    seen.add(id);
    categories.push({ id, name: c.name });
  }
  categories.sort((a, b) => a.id - b.id);
  const indexById = new Map<number, number>();
  categories.forEach((c, i) => indexById.set(c.id, i));
  return { categories, indexById };
}

/** An image's `id`: a number or a non-empty string. */
export function imageIdText(fn: string, where: string, value: unknown): string {
  if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== '')) return String(value);
  throw fileError(fn, where, `id must be a number or a non-empty string, but was ${describeValue(value)}`);
}

/** Checks a JSON array. */
export function expectArray(fn: string, location: string, what: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw fileError(
      fn,
      location,
      value === undefined ? `has no '${what}' array` : `${what} must be an array, but was ${describeValue(value)}`,
    );
  }
  return value;
}

/** Checks a finite JSON number, optionally positive or an integer. */
export function expectNumber(
  fn: string,
  location: string,
  what: string,
  value: unknown,
  check: { positive?: boolean; integer?: boolean } = {},
): number {
  const kind = check.integer ? 'an integer' : 'a finite number';
  if (value === undefined) throw fileError(fn, location, `${what} is missing (must be ${kind}${check.positive ? ' > 0' : ''})`);
  if (typeof value !== 'number' || !Number.isFinite(value) || (check.integer && !Number.isInteger(value))) {
    throw fileError(fn, location, `${what} must be ${kind}${check.positive ? ' > 0' : ''}, but was ${describeValue(value)}`);
  }
  if (check.positive && !(value > 0)) throw fileError(fn, location, `${what} must be ${kind} > 0, but was ${value}`);
  return value;
}

/** A 0/1 (or boolean) flag; `undefined` and `null` are 0. */
export function expectFlag(fn: string, location: string, what: string, value: unknown): boolean {
  if (value === undefined || value === null || value === 0 || value === false) return false;
  if (value === 1 || value === true) return true;
  throw fileError(fn, location, `${what} must be 0 or 1, but was ${describeValue(value)}`);
}

/**
 * A decimal number as a text file writes it: an optional sign, digits with an optional
 * fraction, an optional exponent (`12`, `-3.5`, `.5`, `1e3`). `Number()` also reads `0x10`,
 * `0b1` and `0o7`, which no annotation tool writes and Python's `float()` (the reference's
 * reader) refuses.
 */
const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a decimal number written in a text file (surrounding blanks allowed); anything else
 * (empty text, hexadecimal, binary or octal literals, `Infinity`, a value beyond the double
 * range) is NaN.
 * @example parseNumberText(' 12.5 '); // 12.5
 * @example parseNumberText('0x10'); // NaN
 */
export function parseNumberText(text: string): number {
  const trimmed = text.trim();
  if (!DECIMAL_NUMBER.test(trimmed)) return Number.NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * Why a box `[x, y, w, h]` in image pixels is skipped, or `null` to keep it. The rule is
 * mmdetection's `CocoDataset` filter: width or height below 1 pixel, area not positive, or no
 * overlap with the `width x height` image. `area` defaults to `w * h` (COCO files carry their
 * own `area`, which the reference checks instead).
 */
export function skipReason(x: number, y: number, w: number, h: number, width: number, height: number, area = w * h): string | null {
  if (w < 1) return `width ${round(w)} < 1 pixel`;
  if (h < 1) return `height ${round(h)} < 1 pixel`;
  if (!(area > 0)) return `area ${round(area)} <= 0`;
  const overlapW = Math.max(0, Math.min(x + w, width) - Math.max(x, 0));
  const overlapH = Math.max(0, Math.min(y + h, height) - Math.max(y, 0));
  if (overlapW * overlapH === 0) {
    return `outside the ${width}x${height} image (box [${round(x)}, ${round(y)}, ${round(x + w)}, ${round(y + h)}])`;
  }
  return null;
}

/**
 * Why a kept box `[x1, y1, x2, y2]` cannot be stored, or null: a corner beyond the magnitude
 * the toolkit's float32 arithmetic allows (`MAX_COORDINATE`, 1e15: beyond it areas overflow).
 * The loaders' checks (this, plus non-negative sizes) are all the checks a box of a dataset gets:
 * `ImageBuilder` marks its images checked, and the presets do not check them again.
 * @example floatRangeProblem(0, 0, 1e39, 10); // 'corner 1e+39 is beyond the float32 range the toolkit computes in (|corner| <= 1e15)'
 */
export function floatRangeProblem(x1: number, y1: number, x2: number, y2: number): string | null {
  for (const v of [x1, y1, x2, y2]) {
    if (!(Math.abs(v) <= MAX_COORDINATE)) return `corner ${v} is beyond the float32 range the toolkit computes in (|corner| <= ${MAX_COORDINATE})`;
  }
  return null;
}

/**
 * A short rendering of a JSON value for a message: the JSON itself when short (`[0, 100]`),
 * else {@link describeValue}'s summary.
 * @example showJson([0, 100]); // '[0,100]'
 */
export function showJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= 60 ? text : describeValue(value);
}

/**
 * Throws on a malformed `[x, y, w, h]` box: a negative width or height (a box
 * given as corners, or with swapped corners?) or a corner beyond the float32 range. A width
 * or height in [0, 1) is not malformed: such a box is skipped and reported (common.ts).
 */
export function checkXywh(fn: string, where: string, what: string, x: number, y: number, w: number, h: number): void {
  if (w < 0 || h < 0) {
    throw fileError(fn, where, `${what} [${x}, ${y}, ${w}, ${h}] has a negative ${w < 0 ? 'width' : 'height'}; boxes are [x, y, width, height] with width, height >= 0`);
  }
  const problem = floatRangeProblem(x, y, x + w, y + h);
  if (problem !== null) throw fileError(fn, where, `${what} [${x}, ${y}, ${w}, ${h}]: ${problem}`);
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** Collects one image's objects and ignore regions, then freezes them into a DatasetImage. */
export class ImageBuilder {
  private readonly boxes: number[] = [];
  private readonly labels: number[] = [];
  private readonly ignore: number[] = [];

  constructor(
    readonly id: string,
    readonly fileName: string,
    readonly width: number,
    readonly height: number,
  ) {}

  /** Adds an object given as `[x, y, w, h]` in pixels. */
  addObject(x: number, y: number, w: number, h: number, label: number): void {
    this.boxes.push(x, y, x + w, y + h);
    this.labels.push(label);
  }

  /** Adds an ignore region given as `[x, y, w, h]` in pixels. */
  addIgnore(x: number, y: number, w: number, h: number): void {
    this.ignore.push(x, y, x + w, y + h);
  }

  /** The image, marked as checked: its boxes passed the loader's checks (see {@link floatRangeProblem}). */
  build(): DatasetImage {
    return Object.freeze(markBoxesChecked({
      id: this.id,
      fileName: this.fileName,
      width: this.width,
      height: this.height,
      boxes: Float32Array.from(this.boxes),
      labels: Int32Array.from(this.labels),
      ignoreBoxes: Float32Array.from(this.ignore),
    }));
  }
}

/** Freezes a dataset and its lists. */
export function makeDataset(
  name: string,
  format: Dataset['format'],
  categories: readonly Category[],
  images: readonly DatasetImage[],
  skipped: readonly SkippedBox[],
  synthetic = false,
): Dataset {
  return Object.freeze({
    name,
    format,
    synthetic,
    categories: Object.freeze(categories.map((c) => Object.freeze({ id: c.id, name: c.name }))),
    images: Object.freeze([...images]),
    skipped: Object.freeze(skipped.map((s) => Object.freeze({ ...s }))),
  });
}
