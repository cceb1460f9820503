/**
 * `label-assign eval-cases <file.json>...`: runs reference cases through the toolkit.
 *
 * Every case's `config` (an mmdetection config dict) runs on its `inputs`; the outputs use the
 * case's own keys and conventions (1-based `gt_inds` etc.) and are computed without reading
 * `expected`. `--check` compares them with `expected` afterwards; `--repeat N` times the
 * computation alone (parsing excluded) and records the median in milliseconds.
 */
import { parseJson, readText, showJson } from '../datasets/common.js';
import { LabelAssignError } from '../errors.js';
import { CASE_SCHEMA, type CaseFile, type PreparedCase } from '../interop/case-format.js';
import { compareCaseWithSensitive } from '../interop/compare.js';
import { runnerFor } from '../interop/runners.js';
import { printable } from '../report/text.js';
import { checkOutputPaths, writeFileAtomic } from './atomic-write.js';
import type { Output } from './output.js';

const FN = 'eval-cases';

/**
 * Most timed runs per case (`--repeat`): a case takes up to milliseconds, so a thousand runs
 * give a stable median in seconds; more only makes the command seem to hang.
 */
export const MAX_REPEAT = 1000;

/** Most bytes of a case file (the largest bundled one is about 2 MiB). */
export const MAX_CASE_FILE_BYTES = 64 * 1024 * 1024;

export interface EvalCasesOptions {
  readonly out?: string;
  readonly repeat?: number;
  readonly check?: boolean;
  readonly summary?: boolean;
}

export interface CaseResult {
  readonly family: string;
  readonly id: string;
  readonly outputs: Record<string, unknown>;
  readonly ms?: number;
  /** With `--check`: the mismatches against `expected` (empty when the case passes). */
  readonly mismatches?: readonly string[];
  /** With `--check`: differences at the indices the case marks `sensitive` (allowed). */
  readonly sensitiveDifferences?: readonly string[];
}

function readCaseFile(path: string): CaseFile {
  // Errors name the file (and, for invalid JSON, the line and column).
  const parsed = parseJson(FN, path, readText(FN, path, { maxBytes: MAX_CASE_FILE_BYTES, what: 'a case file' }));
  const file = parsed as CaseFile;
  const shown = printable(path);
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(file.cases) || typeof file.family !== 'string') {
    throw new LabelAssignError(
      'io',
      'file',
      `eval-cases: ${shown} is not a case file: expected an object with "family" and "cases" (see the conformance README)`,
    );
  }
  // A later version of the format may mean something else by the same keys: refuse it rather than guess.
  if (file.schema !== CASE_SCHEMA) {
    throw new LabelAssignError(
      'unsupported',
      'schema',
      `${FN}: ${shown}: "schema" must be "${CASE_SCHEMA}" (the case format this version reads), but was ${file.schema === undefined ? 'missing' : showJson(file.schema)}`,
    );
  }
  const tolerance = (file as { tolerance?: unknown }).tolerance;
  if (tolerance !== undefined) {
    const t = tolerance as { abs?: unknown; rel?: unknown } | null;
    const ok = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
    if (typeof t !== 'object' || t === null || Array.isArray(t) || !ok(t.abs) || !ok(t.rel) || Object.keys(t).some((k) => k !== 'abs' && k !== 'rel')) {
      throw new LabelAssignError('io', 'file', `${FN}: ${shown}: "tolerance" must be {"abs": a, "rel": r} with two non-negative numbers, but was ${showJson(tolerance)}`);
    }
  }
  file.cases.forEach((testCase: unknown, index) => {
    const id = (testCase as { id?: unknown } | null)?.id;
    if (typeof testCase !== 'object' || testCase === null || Array.isArray(testCase) || !((typeof id === 'string' && id !== '') || typeof id === 'number')) {
      throw new LabelAssignError(
        'io',
        'file',
        `eval-cases: ${shown}, cases[${index}]: a case must be an object with an "id" (a string or number), "config" and "inputs"`,
      );
    }
  });
  return file;
}

/** `path, case "id": message`, the message's own `eval-cases: ` prefix moved to the front. */
function inCase(error: LabelAssignError, path: string, id: unknown): LabelAssignError {
  return new LabelAssignError(error.code, error.path, `${FN}: ${printable(path)}, case ${JSON.stringify(id)}: ${error.message.replace(/^eval-cases: /, '')}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs every case of every file. Prepares all cases first, so an unsupported family or type
 * fails before anything is computed or written.
 */
export function evalCases(paths: readonly string[], options: EvalCasesOptions = {}): CaseResult[] {
  const repeat = options.repeat ?? 0;
  if (!Number.isInteger(repeat) || repeat < 0 || repeat > MAX_REPEAT) {
    throw new LabelAssignError(
      'invalid-argument',
      'repeat',
      `eval-cases: --repeat must be an integer from 0 to ${MAX_REPEAT} (timed runs per case), but was ${repeat}`,
    );
  }
  if (paths.length === 0) {
    throw new LabelAssignError('invalid-argument', 'files', 'eval-cases: give at least one case file, e.g. label-assign eval-cases cases/overlaps.json');
  }
  const jobs: { file: CaseFile; path: string; id: string; prepared: PreparedCase; index: number }[] = [];
  for (const path of paths) {
    const file = readCaseFile(path);
    const runner = runnerFor(file.family);
    file.cases.forEach((testCase, index) => {
      // Checking against nothing is no check: --check needs each case's expected outputs.
      const expected = testCase.expected as unknown;
      if (options.check && (typeof expected !== 'object' || expected === null || Array.isArray(expected) || Object.keys(expected).length === 0)) {
        throw new LabelAssignError('io', 'file', `${FN}: ${printable(path)}, case ${JSON.stringify(testCase.id)}: --check needs an "expected" object with the reference outputs, but the case has none`);
      }
      try {
        jobs.push({ file, path, id: String(testCase.id), prepared: runner.prepare(testCase), index });
      } catch (error) {
        if (error instanceof LabelAssignError) throw inCase(error, path, testCase.id);
        throw error;
      }
    });
  }
  return jobs.map(({ file, path, id, prepared, index }) => {
    let result: unknown;
    try {
      result = prepared.compute();
    } catch (error) {
      if (error instanceof LabelAssignError) throw inCase(error, path, id);
      throw error;
    }
    let ms: number | undefined;
    if (repeat > 0) {
      const times: number[] = [];
      for (let r = 0; r < repeat; r++) {
        const start = performance.now();
        prepared.compute();
        times.push(performance.now() - start);
      }
      ms = median(times);
    }
    const outputs = prepared.format(result);
    const caseResult: CaseResult = { family: file.family, id, outputs, ...(ms === undefined ? {} : { ms }) };
    if (!options.check) return caseResult;
    const testCase = file.cases[index];
    const sensitive = Array.isArray(testCase.sensitive) ? (testCase.sensitive as number[]) : [];
    const { problems, sensitiveDifferences } = compareCaseWithSensitive(
      outputs,
      testCase.expected ?? {},
      file.tolerance ?? { abs: 1e-5, rel: 1e-4 },
      runnerFor(file.family).integerKeys ?? [],
      sensitive,
    );
    return { ...caseResult, mismatches: problems, sensitiveDifferences };
  });
}

/** One screen: per family, the number of cases, passes (with --check) and median time. */
export function formatSummary(results: readonly CaseResult[], options: { readonly check?: boolean } = {}): string {
  const families = [...new Set(results.map((r) => r.family))];
  const checked = options.check === true || results.some((r) => r.mismatches !== undefined);
  const timed = results.some((r) => r.ms !== undefined);
  const header = ['family', 'cases', ...(checked ? ['match', 'differ'] : []), ...(timed ? ['median ms/case'] : [])];
  const rows = families.map((family) => {
    const mine = results.filter((r) => r.family === family);
    const row = [printable(family), String(mine.length)];
    if (checked) {
      const bad = mine.filter((r) => (r.mismatches?.length ?? 0) > 0).length;
      row.push(String(mine.length - bad), String(bad));
    }
    if (timed) row.push(median(mine.map((r) => r.ms ?? 0)).toFixed(3));
    return row;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  if (checked) {
    const failing = results.filter((r) => (r.mismatches?.length ?? 0) > 0);
    for (const r of failing.slice(0, 10)) {
      lines.push('', `${printable(r.family)} / ${printable(r.id)}: ${r.mismatches!.length} mismatches`, ...r.mismatches!.slice(0, 5).map((m) => `  ${printable(m)}`));
    }
    const total = results.length;
    const tied = results.filter((r) => (r.mismatches?.length ?? 0) === 0 && (r.sensitiveDifferences?.length ?? 0) > 0);
    for (const r of tied) {
      const where = [...new Set(r.sensitiveDifferences!.map((d) => d.replace(/^[^[]*\[(\d+)\].*$/, '$1')))].join(', ');
      lines.push('', `${printable(r.family)} / ${printable(r.id)}: differs only at indices the case marks sensitive (${printable(where)}): implementation-defined ties`);
    }
    lines.push('', `${total - failing.length} of ${total} cases match the reference${failing.length ? '' : '.'}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Runs the command: JSON to `--out` (atomically) or stdout, the summary to stdout. Ids and
 * families in the summary are printed with their control characters escaped; the JSON keeps
 * them as they are (JSON escapes them itself).
 */
export async function runEvalCases(paths: readonly string[], options: EvalCasesOptions, stdout: Output, stderr?: Output): Promise<number> {
  if (options.out !== undefined) checkOutputPaths(FN, [['out', options.out]], { files: paths });
  const results = evalCases(paths, options);
  const json = JSON.stringify({ results: results.map(({ mismatches: _m, sensitiveDifferences: _s, ...rest }) => rest) }) + '\n';
  if (options.out) await writeFileAtomic(options.out, json, FN, { stderr });
  if (options.summary || options.check) stdout.write(formatSummary(results, { check: options.check }));
  else if (!options.out) stdout.write(json);
  const failed = results.some((r) => (r.mismatches?.length ?? 0) > 0);
  return failed ? 1 : 0;
}
