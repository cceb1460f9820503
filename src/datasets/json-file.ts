/**
 * Reading JSON files of any size, synchronously, with errors that name the file, the line and
 * the column.
 *
 * A file up to {@link STREAM_JSON_ABOVE_BYTES} is read whole and given to `JSON.parse` (fast,
 * and V8's own messages). A larger one is streamed with `@streamparser/json` in chunks of
 * {@link CHUNK_BYTES}, so that memory holds the values kept, never the file's text: a 600 MB
 * COCO file no longer fails with `ERR_STRING_TOO_LONG`, and a 200 MB one no longer holds its
 * text and every polygon at once. A reader that needs only part of the top-level object (the
 * COCO loader) passes a {@link JsonSelection}: the elements of the selected arrays are reduced
 * as they are parsed (an annotation keeps its box, not its polygons), other top-level values
 * are dropped as soon as they end. Either way the caller gets the same object to check, so the
 * loaders' checks and messages do not depend on the file's size.
 *
 * Errors of the streamed reading give the file, line and column as `JSON.parse`'s do (counted
 * in UTF-16 units, the byte-order mark excluded) with the reason in this module's words.
 */
import { closeSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { JSONParser, TokenParserError, TokenType, type ParsedElementInfo, type ParsedTokenInfo } from '@streamparser/json';
import { LabelAssignError } from '../errors.js';
import { decodeText, fileError, openRegularFile, parseJson, readBytes } from './common.js';

/** Files above this many bytes are streamed instead of parsed whole. */
export const STREAM_JSON_ABOVE_BYTES = 32 * 1024 * 1024;

/** Bytes read and parsed at a time when streaming. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * The part of a top-level JSON object a reader keeps. Other top-level keys are dropped (with a
 * whole-file parse they are simply not read).
 */
export interface JsonSelection {
  /**
   * Keys whose value is normally an array, each with the function that reduces one element to
   * what the reader checks (it must keep everything the reader reads, and may return the
   * element itself). When such a key holds something else than an array, the reader gets a
   * stand-in of the same kind (`{}`, or an array of the same length), so its type checks say
   * the same as for the whole file.
   */
  readonly arrays: Readonly<Record<string, (element: unknown) => unknown>>;
  /** Keys whose value is normally a string or number (`format`), kept as they are. */
  readonly scalars: readonly string[];
}

/** Options of {@link readJsonFile}. */
export interface ReadJsonOptions {
  /** Keep only this part of the top-level object (see {@link JsonSelection}); default: the whole value. */
  readonly select?: JsonSelection;
  /**
   * Stream files above this many bytes; default {@link STREAM_JSON_ABOVE_BYTES}.
   * @internal tests set it to 0 to run the streamed reading on small files.
   */
  readonly streamAbove?: number;
}

/**
 * A reducer for {@link JsonSelection.arrays}: an object element keeps only `keys` (those it
 * has); anything else is kept as it is, for the reader's checks to name.
 * @example pickKeys(['id', 'bbox'])({ id: 1, bbox: [0, 0, 2, 2], segmentation: [[...]] }); // { id: 1, bbox: [0, 0, 2, 2] }
 */
export function pickKeys(keys: readonly string[]): (element: unknown) => unknown {
  return (element) => {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) return element;
    const source = element as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of keys) if (Object.hasOwn(source, key)) out[key] = source[key];
    return out;
  };
}

/**
 * Reads and parses a JSON file: whole when it is small, streamed when it is large (see the
 * module notes). Anything that is not a regular file is refused at once.
 * @param fn what messages start with.
 * @param file the path.
 * @returns the parsed value (with `select`, the selected part of the top-level object).
 * @throws {LabelAssignError} `io` naming the file: it cannot be read or is not a regular file;
 *   invalid JSON (`file:line:column: invalid JSON (...)`); a single value too long to hold.
 * @example readJsonFile('loadCoco', 'instances_train2017.json', { select: COCO_SELECTION });
 */
export function readJsonFile(fn: string, file: string, options: ReadJsonOptions = {}): unknown {
  const streamAbove = options.streamAbove ?? STREAM_JSON_ABOVE_BYTES;
  const { fd, size } = openRegularFile(fn, file);
  try {
    if (size <= streamAbove) {
      // A file may say it is smaller than it is (`/proc`): read one byte more than the limit to see.
      const bytes = readBytes(fd, streamAbove + 1);
      if (bytes.length <= streamAbove) return parseJson(fn, file, decodeText(bytes));
    }
    return new JsonStream(fn, file, fd, options.select).read();
  } catch (error) {
    if (error instanceof LabelAssignError) throw error;
    throw fileError(fn, file, `cannot read the file (${(error as NodeJS.ErrnoException)?.code ?? String((error as Error)?.message ?? error)})`);
  } finally {
    closeSync(fd);
  }
}

/** A top-level value of the selected object, as far as the reader needs it. */
type TopValue =
  | { readonly kind: 'array'; readonly items: unknown[]; count: number }
  | { readonly kind: 'object' }
  | { readonly kind: 'scalar'; readonly value: unknown };

const OPENS = new Set<number>([TokenType.LEFT_BRACE, TokenType.LEFT_BRACKET]);
const CLOSES = new Set<number>([TokenType.RIGHT_BRACE, TokenType.RIGHT_BRACKET]);
const PUNCTUATION: Readonly<Record<number, string>> = {
  [TokenType.LEFT_BRACE]: "'{'",
  [TokenType.RIGHT_BRACE]: "'}'",
  [TokenType.LEFT_BRACKET]: "'['",
  [TokenType.RIGHT_BRACKET]: "']'",
  [TokenType.COLON]: "':'",
  [TokenType.COMMA]: "','",
};
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** A character for a message: `'a'`, or `U+0000` when it would not show. */
function showCharacter(c: string | undefined): string {
  if (c === undefined) return 'end of the file';
  const code = c.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${c}'`;
}

/** A token for a message: `','`, `string "abc"`, `number 12`, `true`. */
function showToken(token: ParsedTokenInfo): string {
  const punctuation = PUNCTUATION[token.token];
  if (punctuation !== undefined) return punctuation;
  if (token.token === TokenType.STRING) {
    const text = String(token.value);
    return `string ${JSON.stringify(text.length > 30 ? `${text.slice(0, 30)}…` : text)}`;
  }
  if (token.token === TokenType.NUMBER) return `number ${String(token.value)}`;
  return String(token.value);
}

/**
 * One streamed reading. The tokens tell where the top-level values start and end (what
 * `@streamparser/json`'s values alone do not say: that `images` is an object rather than an
 * array, or how long a dropped array was), and where an error is.
 */
class JsonStream {
  private readonly parser: JSONParser;
  /** Byte-order mark length: the parser's offsets do not count it. */
  private bom = 0;
  /** The last token seen (the one a structural error is about). */
  private last: ParsedTokenInfo | undefined;
  private depth = 0;
  private rootKind: 'object' | 'array' | 'scalar' | undefined;
  private rootValue: unknown;
  private rootCount = 0;
  /** The top-level value has ended: anything but blanks after it is an error. */
  private done = false;
  private expectKey = false;
  private key = '';
  /** Selected top-level values, by key (a key given twice: the last, as `JSON.parse`). */
  private readonly values = new Map<string, TopValue>();
  /** The selected top-level value being read, if any. */
  private current: TopValue | undefined;

  constructor(
    private readonly fn: string,
    private readonly file: string,
    private readonly fd: number,
    private readonly select: JsonSelection | undefined,
  ) {
    const arrays = select === undefined ? [] : Object.keys(select.arrays);
    // Without a selection only the root is emitted, whole; with one, the elements of the
    // selected arrays, each dropped from its parent once handed over (keepStack: false).
    this.parser = new JSONParser(select === undefined ? { paths: ['$'], keepStack: true } : { paths: arrays.map((k) => `$.${k}.*`), keepStack: false });
    this.parser.onToken = (token) => this.token(token);
    this.parser.onValue = (info) => this.value(info);
  }

  read(): unknown {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = 0;
    for (;;) {
      const n = readSync(this.fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      if (position === 0 && n >= 3 && UTF8_BOM.every((b, i) => buffer[i] === b)) this.bom = 3;
      try {
        this.parser.write(buffer.subarray(0, n));
      } catch (error) {
        throw this.syntaxError(error, false);
      }
      position += n;
    }
    try {
      if (!this.parser.isEnded) this.parser.end();
    } catch (error) {
      throw this.syntaxError(error, true);
    }
    if (this.rootKind === undefined) throw this.invalid(position, 'unexpected end of the file');
    return this.result();
  }

  /** Follows the structure at the top two levels. */
  private token(t: ParsedTokenInfo): void {
    this.last = t;
    const type = t.token as number;
    if (CLOSES.has(type)) {
      this.depth--;
      if (this.depth === 0) this.done = true;
      return;
    }
    if (type === TokenType.COMMA) {
      if (this.depth === 1 && this.rootKind === 'object') this.expectKey = true;
      return;
    }
    if (type === TokenType.COLON) return;
    const opens = OPENS.has(type);
    if (this.depth === 0) {
      this.rootKind = type === TokenType.LEFT_BRACE ? 'object' : type === TokenType.LEFT_BRACKET ? 'array' : 'scalar';
      if (!opens) {
        this.rootValue = t.value;
        this.done = true;
      }
      this.expectKey = type === TokenType.LEFT_BRACE;
    } else if (this.depth === 1 && this.rootKind === 'object') {
      if (this.expectKey) {
        this.key = String(t.value);
        this.expectKey = false;
        return;
      }
      this.current = undefined;
      if (this.select !== undefined && (Object.hasOwn(this.select.arrays, this.key) || this.select.scalars.includes(this.key))) {
        this.current =
          type === TokenType.LEFT_BRACKET ? { kind: 'array', items: [], count: 0 } : type === TokenType.LEFT_BRACE ? { kind: 'object' } : { kind: 'scalar', value: t.value };
        this.values.set(this.key, this.current);
      }
    } else if (this.depth === 1) {
      this.rootCount++;
    } else if (this.depth === 2 && this.current?.kind === 'array') {
      this.current.count++;
    }
    if (opens) this.depth++;
  }

  /** An element of a selected array (or, without a selection, the root). */
  private value(info: ParsedElementInfo): void {
    if (this.select === undefined) {
      if (info.stack.length === 0) this.rootValue = info.value;
      return;
    }
    const current = this.current;
    if (current?.kind === 'array' && Array.isArray(info.parent)) current.items.push(this.select.arrays[this.key](info.value));
  }

  private result(): unknown {
    if (this.select === undefined || this.rootKind === 'scalar') return this.rootValue;
    if (this.rootKind === 'array') return new Array(this.rootCount);
    const root: Record<string, unknown> = {};
    for (const [key, v] of this.values) {
      const array = Object.hasOwn(this.select.arrays, key);
      root[key] = v.kind === 'scalar' ? v.value : v.kind === 'object' ? {} : array ? v.items : new Array(v.count);
    }
    return root;
  }

  /** The error for what the parser refused, at the place it refused it. */
  private syntaxError(error: unknown, atEnd: boolean): LabelAssignError {
    if (error instanceof LabelAssignError) return error;
    if (error instanceof RangeError) {
      return fileError(this.fn, this.file, `cannot read the file: it holds a single value too long to keep (${error.message})`);
    }
    const message = String((error as Error)?.message ?? error);
    const end = this.fileSize();
    if (atEnd) return this.invalid(end, 'unexpected end of the file');
    if (error instanceof TokenParserError) {
      // A well-formed token in the wrong place: the parser sees it right after the tokenizer reported it.
      const at = this.last === undefined ? 0 : this.last.offset + this.bom;
      return this.invalid(at, `unexpected ${showToken(this.last!)}`);
    }
    if (error instanceof TypeError) {
      // The strict UTF-8 decoder of strings: the first byte of the string is the best place known.
      const at = this.last === undefined ? 0 : this.last.offset + this.bom;
      return this.invalid(at, 'a string that is not valid UTF-8 follows here');
    }
    // A byte the tokenizer cannot take; it says where ("absolute position", counted from the file's first byte).
    const absolute = /absolute position "(\d+)"/.exec(message);
    const at = absolute !== null ? Number(absolute[1]) : this.last === undefined ? 0 : this.last.offset + this.bom;
    const c = this.characterAt(at);
    return this.invalid(at, this.done ? `unexpected ${showCharacter(c)} after the JSON value` : `unexpected ${showCharacter(c)}`);
  }

  private fileSize(): number {
    let size = 0;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let n; (n = readSync(this.fd, buffer, 0, buffer.length, size)) > 0; ) size += n;
    return size;
  }

  /** The character that starts at byte `at`. */
  private characterAt(at: number): string | undefined {
    const bytes = Buffer.alloc(4);
    const n = readSync(this.fd, bytes, 0, 4, at);
    if (n === 0) return undefined;
    return String.fromCodePoint(bytes.subarray(0, n).toString('utf8').codePointAt(0)!);
  }

  /** `fn: file:line:column: invalid JSON (reason)` for byte `at`. */
  private invalid(at: number, reason: string): LabelAssignError {
    const { line, column } = this.lineAndColumn(at);
    return fileError(this.fn, `${this.file}:${line}:${column}`, `invalid JSON (${reason})`);
  }

  /**
   * Line and column of byte `at`, as `JSON.parse`'s positions count them: lines from 1, the
   * column in UTF-16 units from 1, the byte-order mark not counted. Reads the file again up to
   * `at`, so the reading itself never keeps line counts.
   */
  private lineAndColumn(at: number): { line: number; column: number } {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let line = 1;
    let column = 0;
    let position = Math.min(this.bom, at);
    while (position < at) {
      const n = readSync(this.fd, buffer, 0, Math.min(buffer.length, at - position), position);
      if (n === 0) break;
      const bytes = buffer.subarray(0, n);
      let start = 0;
      for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, nl + 1)) {
        line++;
        start = nl + 1;
      }
      if (start > 0) {
        decoder.end();
        column = 0;
      }
      column += decoder.write(bytes.subarray(start)).length;
      position += n;
    }
    return { line, column: column + 1 };
  }
}
