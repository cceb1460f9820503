/**
 * The CLI's output files. Readers never see half of one, and nothing the user did not name is
 * changed:
 *
 * - A regular file (existing or new) is written to a temporary file beside it, then renamed
 *   over it (atomic on one file system). The temporary is `.<name>.<pid>.tmp` in the target's
 *   folder, created exclusively (never through a link someone left there); a replaced file
 *   keeps its permission bits.
 * - A symbolic link is followed: the file it names is replaced (or created), the link stays.
 * - A target that exists and is not a regular file is written directly, never replaced: a
 *   character device (`/dev/null`, `/dev/stdout`) or a FIFO that a process is reading. A FIFO
 *   without a reader, a block device, a socket and a folder are refused with one line.
 * - Several outputs are all or nothing as far as the file system allows: every temporary is
 *   written first, then the direct targets, then the renames; a failure removes the
 *   temporaries and leaves every regular target as it was.
 * - While outputs are written, SIGINT, SIGTERM and SIGHUP remove the temporaries, say on
 *   stderr which outputs were not written, and end the process by the same signal; an exit
 *   for any other reason (`process.exit`) removes them too. The writing yields to the event
 *   loop between chunks so that a signal is handled at once.
 *
 * Test hook (tests only): with `LABEL_ASSIGN_TEST_PAUSE_BEFORE_RENAME=<ms>` the writer says so
 * on stderr and waits that long after writing the temporaries, before any target is touched,
 * so that a test can interrupt it there.
 *
 * Before any work, {@link checkOutputPaths} checks that the outputs can be written and
 * overwrite no input.
 */
import {
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileKind } from '../datasets/common.js';
import { CLASSES_FILE, IMAGE_SIZES_FILE } from '../datasets/yolo.js';
import { LabelAssignError } from '../errors.js';
import { printable } from '../report/text.js';
import type { Output } from './output.js';

/** The environment variable of the test hook (see the module notes). */
export const PAUSE_BEFORE_RENAME_ENV = 'LABEL_ASSIGN_TEST_PAUSE_BEFORE_RENAME';

/** Bytes written between two chances for a signal to be handled. */
const WRITE_CHUNK = 1 << 20;

/** The signals that interrupt a write cleanly (SIGKILL cannot be caught; SIGPIPE is ignored by Node). */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function usage(fn: string, path: string, message: string): LabelAssignError {
  return new LabelAssignError('invalid-argument', path, `${fn}: ${message}`);
}

function cannotWrite(fn: string, option: string, path: string, why: string): LabelAssignError {
  return new LabelAssignError('io', option, `${fn}: cannot write ${printable(path)} (${why})`);
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENXIO') return 'no process is reading it';
  if (code === 'EPIPE') return 'the process reading it went away';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return code ?? String((error as Error)?.message ?? error);
}

function statOrUndefined(path: string, follow = true): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Where an output goes. */
type OutputTarget =
  /** A regular file to replace, or a new one: `file` is the real path (links followed). */
  | { readonly kind: 'file'; readonly file: string; readonly mode: number | null }
  /** An existing character device or FIFO, written directly at `file`. */
  | { readonly kind: 'direct'; readonly file: string; readonly stats: Stats }
  /** Something that cannot be written: a folder, a block device, a socket, a link loop. */
  | { readonly kind: 'refused'; readonly why: string };

/**
 * What writing `path` would do (see the module notes). A missing path is a new file; a
 * dangling symbolic link is followed to the file it names, which is created.
 */
function outputTarget(path: string): OutputTarget {
  const stats = statOrUndefined(path);
  if (stats !== undefined) {
    if (stats.isFile()) return { kind: 'file', file: realpathSync(path), mode: stats.mode & 0o7777 };
    if (stats.isDirectory()) return { kind: 'refused', why: 'it is a folder' };
    if (stats.isCharacterDevice() || stats.isFIFO()) return { kind: 'direct', file: path, stats };
    return { kind: 'refused', why: `it is ${fileKind(stats)}; give a regular file, a FIFO or a character device such as /dev/null` };
  }
  let file = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const link = statOrUndefined(file, false);
    if (link === undefined || !link.isSymbolicLink()) return { kind: 'file', file, mode: null };
    file = resolve(dirname(file), readlinkSync(file));
  }
  return { kind: 'refused', why: 'too many levels of symbolic links' };
}

function temporaryPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

/** The pause of the test hook in milliseconds (0: none). */
function testPause(): number {
  const value = Number(process.env[PAUSE_BEFORE_RENAME_ENV] ?? 0);
  return Number.isFinite(value) && value > 0 ? Math.min(value, 600_000) : 0;
}

/** Options of {@link writeFilesAtomic}. */
export interface WriteOptions {
  /** Where the note about an interrupted write goes; default `process.stderr`. */
  readonly stderr?: Output;
}

/**
 * The state of one batch of writes, and what a signal or an exit does with it: remove the
 * temporaries and say which outputs were not written.
 */
class WriteBatch {
  readonly temporaries = new Set<string>();
  readonly descriptors = new Set<number>();
  /** Outputs written whole (renamed, or written directly), and the direct one being written. */
  readonly done = new Set<string>();
  partly: string | null = null;
  interrupted: NodeJS.Signals | null = null;
  private readonly onSignal = (signal: NodeJS.Signals): void => this.interrupt(signal);
  private readonly onExit = (): void => this.removeTemporaries();

  constructor(
    private readonly fn: string,
    private readonly paths: readonly string[],
    private readonly stderr: Output,
  ) {
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
    process.on('exit', this.onExit);
  }

  /** Closes and removes every temporary file (and closes any descriptor left open). */
  removeTemporaries(): void {
    for (const fd of this.descriptors) {
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
    }
    this.descriptors.clear();
    for (const temporary of this.temporaries) rmSync(temporary, { force: true });
    this.temporaries.clear();
  }

  /** Stops listening for signals and exits. */
  finish(): void {
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    process.off('exit', this.onExit);
  }

  /** `interrupted by SIGINT; not written: a.json, b.csv`. */
  note(signal: NodeJS.Signals): string {
    const missing = this.paths.filter((p) => !this.done.has(p) && p !== this.partly).map(printable);
    const parts = [`${this.fn}: interrupted by ${signal}`];
    if (missing.length > 0) parts.push(`not written: ${missing.join(', ')} (any file already there is unchanged)`);
    if (this.partly !== null) parts.push(`partly written: ${printable(this.partly)}`);
    const written = this.paths.filter((p) => this.done.has(p)).map(printable);
    if (written.length > 0) parts.push(`written: ${written.join(', ')}`);
    return parts.join('; ');
  }

  private interrupt(signal: NodeJS.Signals): void {
    this.interrupted = signal;
    this.removeTemporaries();
    this.finish();
    if (process.listenerCount(signal) === 0) {
      // Nobody else handles it: say what was not written and end by the signal itself, as a
      // shell expects of an interrupted command (exit status 128 + signal number).
      this.stderr.write(`label-assign: ${this.note(signal)}\n`);
      process.kill(process.pid, signal);
    }
    // Otherwise the writer stops at its next step and throws the note.
  }

  /** Lets pending signals be handled; throws when one interrupted the batch. */
  async step(ms = 0): Promise<void> {
    await new Promise<void>((done) => (ms > 0 ? setTimeout(done, ms) : setImmediate(done)));
    if (this.interrupted !== null) throw new LabelAssignError('io', 'out', this.note(this.interrupted));
  }
}

/** Writes all of `bytes` to `fd`, yielding between chunks; a full FIFO or terminal is waited for. */
async function writeAll(batch: WriteBatch, fd: number, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, Math.min(WRITE_CHUNK, bytes.length - offset));
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code !== 'EAGAIN') throw error;
      await batch.step(5);
      continue;
    }
    await batch.step();
  }
}

/**
 * Writes every `[path, contents]` pair as the module notes say: all temporaries first (any
 * failure removes them and throws, leaving every target untouched), then the targets written
 * directly (devices, FIFOs), then each temporary is renamed over its target.
 * @param fn the command, for the messages.
 * @throws {LabelAssignError} `io`: `fn: cannot write <path> (<reason>)`, or the note of an
 *   interrupted write when the process is not ended by the signal.
 * @example await writeFilesAtomic('compare', [['out.json', json], ['out.csv', csv]]);
 */
export async function writeFilesAtomic(fn: string, files: readonly (readonly [string, string])[], options: WriteOptions = {}): Promise<void> {
  const stderr = options.stderr ?? { write: (text: string) => void process.stderr.write(text) };
  const targets = files.map(([path]) => ({ path, target: outputTarget(path) }));
  for (const { path, target } of targets) if (target.kind === 'refused') throw cannotWrite(fn, 'out', path, target.why);
  const batch = new WriteBatch(
    fn,
    files.map(([path]) => path),
    stderr,
  );
  const current = { path: '' };
  try {
    const renames: [string, string, string][] = [];
    // 1. Temporaries beside the regular targets.
    for (let i = 0; i < files.length; i++) {
      const { path, target } = targets[i];
      if (target.kind !== 'file') continue;
      current.path = path;
      const temporary = temporaryPath(target.file);
      rmSync(temporary, { force: true }); // one left by a process of the same id that was killed
      batch.temporaries.add(temporary);
      const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
      batch.descriptors.add(fd);
      if (target.mode !== null) fchmodSync(fd, target.mode);
      await writeAll(batch, fd, Buffer.from(files[i][1], 'utf8'));
      closeSync(fd);
      batch.descriptors.delete(fd);
      renames.push([path, temporary, target.file]);
    }
    const pause = testPause();
    if (pause > 0) {
      stderr.write(`label-assign: ${PAUSE_BEFORE_RENAME_ENV}: paused ${pause} ms before renaming (tests only)\n`);
      await batch.step(pause);
    }
    // 2. Devices and FIFOs, written as they are (never replaced).
    for (let i = 0; i < files.length; i++) {
      const { path, target } = targets[i];
      if (target.kind !== 'direct') continue;
      current.path = path;
      // O_NONBLOCK: a FIFO without a reader fails at once (ENXIO) instead of waiting for one.
      const fd = openSync(target.file, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
      batch.descriptors.add(fd);
      batch.partly = path;
      await writeAll(batch, fd, Buffer.from(files[i][1], 'utf8'));
      closeSync(fd);
      batch.descriptors.delete(fd);
      batch.partly = null;
      batch.done.add(path);
    }
    // 3. The renames, together: no signal is handled between them.
    for (const [path, temporary, file] of renames) {
      current.path = path;
      renameSync(temporary, file);
      batch.temporaries.delete(temporary);
      batch.done.add(path);
    }
    // A signal that came during the renames is handled now, while its listener is still there
    // (removed first, it would be lost): the command then ends by it, saying all was written.
    await batch.step();
  } catch (error) {
    batch.removeTemporaries();
    if (error instanceof LabelAssignError) throw error;
    throw cannotWrite(fn, 'out', current.path, reason(error));
  } finally {
    batch.removeTemporaries();
    batch.finish();
  }
}

/**
 * Writes one file (see {@link writeFilesAtomic}).
 * @throws {LabelAssignError} `io` naming the path and the reason.
 * @example await writeFileAtomic('out.json', json, 'eval-cases');
 */
export async function writeFileAtomic(path: string, contents: string, fn = 'label-assign', options: WriteOptions = {}): Promise<void> {
  await writeFilesAtomic(fn, [[path, contents]], options);
}

/** What a command reads, so that no output overwrites it. */
export interface CliInputs {
  /** Files read: the dataset file, preset configs, the image-sizes file. */
  readonly files?: readonly string[];
  /** The dataset folder (VOC or YOLO), if the dataset is one. */
  readonly folder?: string;
}

/** Extensions of the annotation files the VOC and YOLO loaders read from a dataset folder. */
const ANNOTATION_EXTENSIONS = ['.xml', '.txt'];

/** A path with its symbolic links resolved when it exists, else made absolute. */
function realOrAbsolute(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Checks, before any work, that each output path can be written: it is not a folder, a block
 * device or a socket, its folder exists, no two outputs share a file, and no output would
 * overwrite an input (the dataset file, a preset config, the image-sizes file, an annotation
 * file in the dataset folder, or a file the YOLO loader looks for: `classes.txt`,
 * `image_sizes.json`). Symbolic links are followed: a link to an input is that input. Devices
 * and FIFOs (`/dev/null`, `/dev/stdout`) are written directly, so two outputs may share one.
 * @throws {LabelAssignError} `io` (or `invalid-argument` for a clash) naming the path.
 * @example checkOutputPaths('compare', [['json', 'out/report.json']], { files: ['instances.json'] });
 */
export function checkOutputPaths(fn: string, outputs: readonly (readonly [string, string | undefined])[], inputs: CliInputs = {}): void {
  const seen = new Map<string, string>();
  const inputFiles = new Set((inputs.files ?? []).map(realOrAbsolute));
  const folder = inputs.folder === undefined ? undefined : realOrAbsolute(inputs.folder);
  for (const [option, path] of outputs) {
    if (path === undefined) continue;
    if (path === '') throw usage(fn, option, `--${option} needs a file name`);
    const shown = printable(path);
    const target = outputTarget(path);
    if (target.kind === 'refused') throw new LabelAssignError('io', option, `${fn}: cannot write ${shown}: ${target.why}`);
    if (target.kind === 'direct') continue;
    const full = target.file;
    const other = seen.get(full);
    if (other !== undefined) throw usage(fn, option, `--${option} and --${other} both write ${shown}`);
    seen.set(full, option);
    if (inputFiles.has(full)) throw usage(fn, option, `--${option} ${shown} is one of the input files; write the output elsewhere`);
    for (const name of new Set([basename(resolve(path)), basename(full)])) {
      if (name === CLASSES_FILE || name === IMAGE_SIZES_FILE) {
        throw usage(fn, option, `--${option} ${shown}: ${name} is a file the YOLO loader reads; choose another name`);
      }
    }
    if (folder !== undefined && ANNOTATION_EXTENSIONS.includes(extname(full).toLowerCase())) {
      const inside = relative(folder, realOrAbsolute(dirname(full)));
      if (!inside.startsWith('..') && !isAbsolute(inside)) {
        throw usage(fn, option, `--${option} ${shown} is inside the dataset folder and would be read as an annotation file; write it elsewhere`);
      }
    }
    if (!statOrUndefined(dirname(full))?.isDirectory()) {
      const where = full === resolve(path) ? `the folder ${printable(dirname(path))}` : `it links to ${printable(full)}, whose folder`;
      throw new LabelAssignError('io', option, `${fn}: cannot write ${shown}: ${where} does not exist`);
    }
  }
}
