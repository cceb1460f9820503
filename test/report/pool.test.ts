// The worker-thread pool runs the compiled modules in dist/ (`npm test` builds first). Locally,
// LABEL_ASSIGN_DIST_DIR=<folder> points these tests at another build of src/.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticCocoLike } from '../../src/datasets/index.js';
import { LabelAssignError } from '../../src/errors.js';
import { PRESETS } from '../../src/presets/index.js';
import { runPool } from '../../src/report/pool.js';
import { compareDataset, defaultWorkerUrl, PARALLEL_MIN_WORK, plannedWorkers } from '../../src/report/run.js';
import { stubAnchorPreset, tinyDataset } from '../helpers/stub-presets.js';

const distRoot = process.env.LABEL_ASSIGN_DIST_DIR
  ? pathToFileURL(join(process.env.LABEL_ASSIGN_DIST_DIR, '/'))
  : new URL('../../dist/', import.meta.url);
const poolUrl = new URL('report/pool.js', distRoot);
const workerUrl = new URL('report/worker.js', distRoot);
const built = existsSync(fileURLToPath(workerUrl)) && existsSync(fileURLToPath(new URL('presets/index.js', distRoot)));
if (!built) console.warn(`pool tests skipped: no compiled worker at ${fileURLToPath(workerUrl)} (run \`npm run build\`; \`npm test\` does)`);

const work = mkdtempSync(join(tmpdir(), 'label-assign-pool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A worker module for the pool tests: doubles numbers, fails on request. */
function testWorker(name: string, body: string): URL {
  const path = join(work, `${name}.mjs`);
  writeFileSync(path, `import { serveJobs } from ${JSON.stringify(poolUrl.href)};\nimport { LabelAssignError } from ${JSON.stringify(new URL('errors.js', distRoot).href)};\n${body}\n`);
  return pathToFileURL(path);
}

describe.skipIf(!built)('worker pool (synchronous wait on worker threads)', () => {
  it('runs every job once and reports progress', () => {
    const url = testWorker('double', `await serveJobs(async (init) => (payload, tick) => { tick(payload.length); return payload.map((v) => v * init.factor); });`);
    const jobs = Array.from({ length: 23 }, (_, j) => [j, j + 100]);
    const results: number[][] = [];
    let ticks = 0;
    const outcome = runPool<number[], number[]>({ workerUrl: url, workers: 3, init: { factor: 2 }, jobs, onResult: (j, r) => (results[j] = r), onProgress: (n) => (ticks += n) });
    expect(outcome).toEqual({ unfinished: [], reason: null });
    expect(results).toEqual(jobs.map((p) => p.map((v) => v * 2)));
    expect(ticks).toBe(46);
  });

  it('rethrows a LabelAssignError raised by a job', () => {
    const url = testWorker('fail', `await serveJobs(async () => (payload) => { if (payload === 3) throw new LabelAssignError('io', 'x', 'job 3 failed'); return payload; });`);
    let caught: unknown;
    try {
      runPool<number, number>({ workerUrl: url, workers: 2, init: null, jobs: [0, 1, 2, 3, 4, 5], onResult: () => undefined });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LabelAssignError);
    expect((caught as LabelAssignError).message).toBe('job 3 failed');
    expect((caught as LabelAssignError).code).toBe('io');
  });

  it('hands every job back when the workers cannot start', () => {
    const url = testWorker('noload', `await serveJobs(async () => { throw new Error('cannot load presets'); });`);
    const outcome = runPool<number, number>({ workerUrl: url, workers: 2, init: null, jobs: [0, 1, 2], onResult: () => undefined });
    expect(outcome.unfinished).toEqual([0, 1, 2]);
    expect(outcome.reason).toMatch(/a worker thread failed \(cannot load presets\)/);
  });

  it('gives the same report in worker threads as in-process, ordered by image', () => {
    const dataset = syntheticCocoLike({ seed: 3, numImages: 24 });
    const presets = [PRESETS.retinanet, PRESETS.fcos, PRESETS.yolov5];
    const specs = presets.map((p) => ({ name: p.name }));
    let used = -1;
    let fellBack = '';
    const parallel = compareDataset(dataset, presets, { presetSources: specs, workers: 2, workerUrl, onPlan: (n) => (used = n), onFallback: (r) => (fellBack = r) });
    expect(used).toBe(2);
    expect(fellBack).toBe('');
    const serial = compareDataset(dataset, presets, { workers: 0 });
    expect(parallel.records).toEqual(serial.records);
    expect(parallel.summaries).toEqual(serial.summaries);
  }, 120_000);

  it('falls back in-process, with the same result, when a worker cannot rebuild a preset', () => {
    const dataset = tinyDataset(6, 9);
    const presets = [stubAnchorPreset('not-a-builtin')];
    let reason = '';
    const report = compareDataset(dataset, presets, { presetSources: [{ name: 'not-a-builtin' }], workers: 2, workerUrl, onFallback: (r) => (reason = r) });
    expect(reason).toMatch(/unknown preset 'not-a-builtin'; known presets: retinanet, rpn/);
    expect(report.records).toEqual(compareDataset(dataset, presets, { workers: 0 }).records);
  });
});

describe('when to use worker threads', () => {
  const presets = [stubAnchorPreset()];
  const specs = [{ name: 'x' }];
  const url = new URL('file:///worker.js');
  it('stays in-process for small runs, without specs, without a build, or when asked', () => {
    const small = tinyDataset(4);
    expect(plannedWorkers(small, presets, { presetSources: specs }, url)).toBe(0);
    expect(plannedWorkers(small, presets, { presetSources: specs, workers: 0 }, url)).toBe(0);
    expect(plannedWorkers(small, presets, { workers: 3 }, url)).toBe(0);
    expect(plannedWorkers(small, presets, { presetSources: specs, workers: 3 }, null)).toBe(0);
    const cores = availableParallelism();
    expect(plannedWorkers(small, presets, { presetSources: specs, workers: 3 }, url)).toBe(Math.min(3, cores));
    expect(plannedWorkers(small, presets, { presetSources: specs, workers: 9 }, url)).toBe(Math.min(4, cores));
  });

  it('never starts more threads than cores, however many are asked for (was: --workers 200 started 200 threads, 6.8 GB)', () => {
    const many = tinyDataset(500);
    expect(plannedWorkers(many, presets, { presetSources: specs, workers: 200 }, url)).toBe(Math.min(200, availableParallelism()));
  });

  it('uses the cores for large runs', () => {
    const large = { ...tinyDataset(1), images: Array.from({ length: PARALLEL_MIN_WORK }, () => tinyDataset(2).images[1]) };
    const n = plannedWorkers(large, presets, { presetSources: specs }, url);
    expect(n === 0 || n >= 2).toBe(true);
  });

  it('finds the compiled worker from the sources', () => {
    const found = defaultWorkerUrl();
    if (found !== null) expect(found.href).toMatch(/\/dist\/report\/worker\.js$/);
  });
});
