/**
 * The CLI's output files. Each is written so that readers never see half of it: a temporary
 * file beside the target, then a rename over the target (atomic on one file system); on
 * failure the temporary files are removed and the targets are left as they were. Before any
 * work, {@link checkOutputPaths} checks that the outputs can be written and overwrite no input.
 */
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { CLASSES_FILE, IMAGE_SIZES_FILE } from '../datasets/yolo.js';
import { LabelAssignError } from '../errors.js';

function usage(fn: string, path: string, message: string): LabelAssignError {
  return new LabelAssignError('invalid-argument', path, `${fn}: ${message}`);
}

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'the file system is read-only';
  return code ?? String((error as Error)?.message ?? error);
}

/**
 * Writes every `[path, contents]` pair, all or nothing as far as the file system allows: all
 * temporary files are written first (any failure removes them and throws, leaving every
 * target untouched), then each is renamed over its target.
 * @param fn the command, for the error message.
 * @throws {LabelAssignError} `io`: `fn: cannot write <path> (<reason>)`.
 * @example writeFilesAtomic('compare', [['out.json', json], ['out.csv', csv]]);
 */
export function writeFilesAtomic(fn: string, files: readonly (readonly [string, string])[]): void {
  const written: string[] = [];
  const cleanUp = (): void => {
    for (const temporary of written) rmSync(temporary, { force: true });
  };
  for (const [path, contents] of files) {
    const temporary = temporaryPath(path);
    try {
      written.push(temporary);
      writeFileSync(temporary, contents);
    } catch (error) {
      cleanUp();
      throw new LabelAssignError('io', 'out', `${fn}: cannot write ${path} (${reason(error)})`);
    }
  }
  files.forEach(([path], i) => {
    try {
      renameSync(written[i], path);
    } catch (error) {
      cleanUp();
      throw new LabelAssignError('io', 'out', `${fn}: cannot write ${path} (${reason(error)})`);
    }
  });
}

/**
 * Writes one file atomically (see {@link writeFilesAtomic}).
 * @throws {LabelAssignError} `io` naming the path and the reason.
 * @example writeFileAtomic('out.json', json, 'eval-cases');
 */
export function writeFileAtomic(path: string, contents: string, fn = 'label-assign'): void {
  writeFilesAtomic(fn, [[path, contents]]);
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

/**
 * Checks, before any work, that each output path can be written: its folder exists, it is
 * not a folder itself, no two outputs share a path, and no output would overwrite an input
 * (the dataset file, a preset config, the image-sizes file, an annotation file in the dataset
 * folder, or a file the YOLO loader looks for: `classes.txt`, `image_sizes.json`).
 * @throws {LabelAssignError} `io` naming the path.
 * @example checkOutputPaths('compare', [['json', 'out/report.json']], { files: ['instances.json'] });
 */
export function checkOutputPaths(fn: string, outputs: readonly (readonly [string, string | undefined])[], inputs: CliInputs = {}): void {
  const seen = new Map<string, string>();
  const inputFiles = new Set((inputs.files ?? []).map((f) => resolve(f)));
  const folder = inputs.folder === undefined ? undefined : resolve(inputs.folder);
  for (const [option, path] of outputs) {
    if (path === undefined) continue;
    if (path === '') throw usage(fn, option, `--${option} needs a file name`);
    const full = resolve(path);
    const other = seen.get(full);
    if (other !== undefined) throw usage(fn, option, `--${option} and --${other} both write ${path}`);
    seen.set(full, option);
    if (inputFiles.has(full)) throw usage(fn, option, `--${option} ${path} is one of the input files; write the output elsewhere`);
    const name = basename(full);
    if (name === CLASSES_FILE || name === IMAGE_SIZES_FILE) {
      throw usage(fn, option, `--${option} ${path}: ${name} is a file the YOLO loader reads; choose another name`);
    }
    if (folder !== undefined && ANNOTATION_EXTENSIONS.includes(extname(name).toLowerCase())) {
      const inside = relative(folder, full);
      if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) {
        throw usage(fn, option, `--${option} ${path} is inside the dataset folder and would be read as an annotation file; write it elsewhere`);
      }
    }
    let folderOk = false;
    try {
      folderOk = statSync(dirname(full)).isDirectory();
    } catch {
      folderOk = false;
    }
    if (!folderOk) throw new LabelAssignError('io', option, `${fn}: cannot write ${path}: the folder ${dirname(path)} does not exist`);
    try {
      if (statSync(full).isDirectory()) throw new LabelAssignError('io', option, `${fn}: cannot write ${path}: it is a folder`);
    } catch (error) {
      if (error instanceof LabelAssignError) throw error;
    }
  }
}
