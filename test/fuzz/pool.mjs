// The main-thread side of the fuzz suite: runs the specs in worker threads (test/fuzz/worker.mjs)
// and stops a worker whose call does not return.
//
// Why worker threads: a call that never returns (an endless loop on a hostile input) cannot be
// interrupted from inside its own thread, since the event loop never gets control back. The worker
// bumps a counter in shared memory before each call and clears an "in call" flag after it; when
// the flag stays set with the same counter for longer than the per-call limit, this side
// terminates the worker, asks a fresh one to rebuild and render the call that hung (same seed,
// same path), records the hang, and resumes the spec after that call. The limit only detects
// hangs: every call of the suite is tiny and normally takes well under a millisecond.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HB, MODES, specId } from './runner.mjs';
import { SPECS as SUITE } from './specs.mjs';

const WORKER_URL = new URL('./worker.mjs', import.meta.url);
const SPECS_URL = new URL('./specs.mjs', import.meta.url);
const CI_SEED = 20261121; // test/helpers/setup.ts's fixed seed

/** Spec ids in order, known when the tests are collected. */
export function specIds() {
  return SUITE.map(specId);
}

/**
 * The run's settings from the environment (documented in the README, "Tests and benchmarks"):
 * FC_SEED (else a fixed seed when CI is set, else a fresh one), FUZZ_RUNS (hostile calls per
 * spec; lifts the default time caps), FUZZ_SPEC_MS (time cap per spec and pass), FUZZ_CALL_MS
 * (the hang limit), FUZZ_ONLY (a regular expression over spec ids), FUZZ_WORKERS.
 */
export function configFromEnv(env) {
  const seed = env.FC_SEED !== undefined ? Number(env.FC_SEED) : env.CI ? CI_SEED : (Math.random() * 2 ** 31) | 0;
  const long = env.FUZZ_RUNS !== undefined;
  const invalid = long ? Math.max(1, Number(env.FUZZ_RUNS)) : 250;
  const specMs = env.FUZZ_SPEC_MS !== undefined ? Number(env.FUZZ_SPEC_MS) : long ? null : 80;
  const workers = Math.max(1, Math.min(Number(env.FUZZ_WORKERS ?? 2), availableParallelism()));
  const only = env.FUZZ_ONLY ? new RegExp(env.FUZZ_ONLY) : null;
  return {
    seed,
    runs: { valid: Math.max(10, Math.round(invalid / 3)), invalid },
    timeLimitMs: specMs === null ? null : { valid: Math.round(specMs / 2), invalid: specMs },
    minRuns: { valid: 20, invalid: 60 },
    callMs: Number(env.FUZZ_CALL_MS ?? 2000),
    workers,
    only,
    // What vitest waits for: generous, the caps above are what bound the run.
    timeoutMs: long ? 3_600_000 : 180_000,
  };
}

/** One worker thread and its heartbeat. */
class Slot {
  constructor(distRoot, specsUrl) {
    this.distRoot = distRoot;
    this.specsUrl = specsUrl;
    this.heartbeat = new SharedArrayBuffer(HB.length * 4);
    this.hb = new Int32Array(this.heartbeat);
    this.worker = null;
    this.listener = null;
  }

  /** Starts a worker; resolves with its 'ready' message. */
  start() {
    Atomics.store(this.hb, HB.inCall, 0);
    this.worker = new Worker(WORKER_URL, { workerData: { distRoot: this.distRoot, specsUrl: this.specsUrl, heartbeat: this.heartbeat }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    this.worker.on('message', (m) => this.listener?.({ type: 'message', m }));
    this.worker.on('error', (e) => this.listener?.({ type: 'error', e }));
    this.worker.on('exit', (code) => this.listener?.({ type: 'exit', code }));
    return this.next((ev) => ev.type === 'message' && ev.m.type === 'ready').then((ev) => ev.m);
  }

  async stop() {
    this.listener = null;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  /** The next event matching `want` (or an error / exit, which rejects). */
  next(want, onOther = () => undefined) {
    return new Promise((resolve, reject) => {
      this.listener = (ev) => {
        if (want(ev)) resolve(ev);
        else if (ev.type === 'error') reject(Object.assign(new Error(`the fuzz worker crashed: ${ev.e?.stack ?? ev.e}`), { crash: true }));
        else if (ev.type === 'exit') reject(Object.assign(new Error(`the fuzz worker exited (code ${ev.code})`), { crash: true }));
        else onOther(ev);
      };
    });
  }

  /**
   * Runs spec `index`; resolves with `{ result }`, or `{ hang: { mode, run, ms } }` when one call
   * exceeded `callMs`, or `{ crash: { message, mode, run } }` when the worker died.
   */
  run(index, cfg, resume, onFailure) {
    const done = this.next(
      (ev) => ev.type === 'message' && ev.m.type === 'done',
      (ev) => ev.type === 'message' && ev.m.type === 'failure' && onFailure(ev.m.rec),
    );
    this.worker.postMessage({ type: 'run', spec: index, cfg: { seed: cfg.seed, runs: cfg.runs, timeLimitMs: cfg.timeLimitMs, minRuns: cfg.minRuns }, resume });
    const where = () => ({ mode: MODES[Atomics.load(this.hb, HB.mode)], run: Atomics.load(this.hb, HB.run) });
    return new Promise((resolve) => {
      let seq = -1;
      let since = Date.now();
      const timer = setInterval(() => {
        const now = Date.now();
        const s = Atomics.load(this.hb, HB.seq);
        if (s !== seq || Atomics.load(this.hb, HB.inCall) === 0) {
          seq = s;
          since = now;
        } else if (now - since > cfg.callMs) {
          clearInterval(timer);
          resolve({ hang: { ...where(), ms: now - since } });
        }
      }, 25);
      done.then(
        (ev) => {
          clearInterval(timer);
          resolve({ result: ev.m.result });
        },
        (error) => {
          clearInterval(timer);
          resolve({ crash: { message: error.message.split('\n')[0], ...where() } });
        },
      );
    });
  }

  /** Renders run `run` of `mode` of spec `index` without calling it. */
  async describe(index, mode, run, seed) {
    const answer = this.next((ev) => ev.type === 'message' && ev.m.type === 'described');
    this.worker.postMessage({ type: 'describe', spec: index, mode, run, seed });
    return (await answer).m.call;
  }
}

/**
 * Runs every spec (those matching `only`) over `cfg.workers` worker threads.
 * @param specsUrl the spec list (test/fuzz/specs.mjs; the suite's self-check passes broken ones).
 * @returns `{ specs: Map<id, { failures, stats, methods }>, exports, seed, elapsedMs }`.
 */
export async function runFuzz(distRoot, cfg, specsUrl = SPECS_URL) {
  const started = Date.now();
  const { SPECS } = await import(specsUrl.href);
  const indices = SPECS.map((_, i) => i).filter((i) => !cfg.only || cfg.only.test(specId(SPECS[i])));
  const results = new Map(SPECS.map((s) => [specId(s), { failures: [], stats: {}, methods: [], ran: false }]));
  let exports = null;
  let nextIndex = 0;

  const work = async () => {
    const slot = new Slot(distRoot.href, specsUrl.href);
    const ready = await slot.start();
    exports ??= ready.exports;
    while (nextIndex < indices.length) {
      const index = indices[nextIndex++];
      const id = specId(SPECS[index]);
      const entry = results.get(id);
      const byKey = new Map();
      const add = (rec) => byKey.set(rec.key, { ...(byKey.get(rec.key) ?? {}), ...rec });
      let resume;
      const stops = new Map(); // hangs and crashes per pass
      for (;;) {
        const outcome = await slot.run(index, cfg, resume, add);
        if (outcome.result) {
          for (const rec of outcome.result.failures) add(rec);
          entry.stats = outcome.result.stats;
          entry.methods = outcome.result.methods;
          break;
        }
        const stop = outcome.hang ?? outcome.crash;
        await slot.stop();
        await slot.start();
        const call = await slot.describe(index, stop.mode, stop.run, cfg.seed).catch((e) => ({ call: `(could not rebuild the call: ${e.message})` }));
        add({
          key: `${outcome.hang ? 'hang' : 'crash'}|${stop.mode}|${stop.run}`,
          spec: id,
          mode: stop.mode,
          kind: outcome.hang ? `hang: a call did not return within ${cfg.callMs} ms` : 'the worker crashed during a call',
          detail: outcome.hang ? `stopped after ${stop.ms} ms` : stop.message,
          where: call.where ?? '',
          hostile: call.hostile ?? '',
          call: call.call,
          seed: cfg.seed,
          path: String(stop.run),
          seedIndex: call.seedIndex,
          count: 1,
        });
        // Resume after the call that hung; after two in one pass, with the next pass.
        const n = (stops.get(stop.mode) ?? 0) + 1;
        stops.set(stop.mode, n);
        resume = { mode: stop.mode, run: stop.run };
        if (n >= 2) {
          add({ key: `gave-up|${stop.mode}`, spec: id, mode: stop.mode, kind: 'pass cut short', detail: `after two hangs or crashes the rest of the ${stop.mode} pass was skipped`, where: '', hostile: '', call: '', seed: cfg.seed, path: '', count: 1 });
          const next = MODES[MODES.indexOf(stop.mode) + 1];
          if (!next) break;
          resume = { mode: next, run: -1 };
        }
      }
      entry.failures = [...byKey.values()];
      entry.ran = true;
      cfg.onSpecDone?.(id, entry);
    }
    await slot.stop();
  };
  await Promise.all(Array.from({ length: Math.min(cfg.workers, Math.max(1, indices.length)) }, work));
  return { specs: results, exports, seed: cfg.seed, elapsedMs: Date.now() - started };
}

/** One spec's failures as text: grouped by kind and message, each group with where, what and a call to paste. */
export function formatFailures(id, failures) {
  const groups = new Map();
  for (const f of failures) {
    const key = `${f.mode}\n${f.kind}\n${f.detail.replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, '#')}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  const lines = [`${id}: ${failures.reduce((n, f) => n + f.count, 0)} failing calls, ${groups.size} kinds`];
  for (const list of groups.values()) {
    const first = list[0];
    const calls = list.reduce((n, f) => n + f.count, 0);
    lines.push('', `* ${first.kind} (${calls} calls, ${first.mode} pass): ${first.detail}`);
    const inputs = list.filter((f) => f.where || f.hostile).map((f) => `${f.where} = ${f.hostile}`);
    if (inputs.length > 0) lines.push(`  hostile inputs: ${[...new Set(inputs)].slice(0, 8).join('; ')}${inputs.length > 8 ? `; … ${inputs.length - 8} more` : ''}`);
    if (!first.call) continue;
    lines.push(`  e.g. ${first.call}`);
    // FUZZ_RUNS large enough to reach the run (it also lifts the time cap, so the run is reached).
    const run = Number(first.path);
    const runs = first.mode === 'valid' ? 3 * (run + 1) : run + 1;
    const only = `FUZZ_ONLY='^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$'`;
    lines.push(`  replay: FC_SEED=${first.seed} ${only}${first.mode === 'seed' ? '' : ` FUZZ_RUNS=${runs}`} npx vitest run test/fuzz (fast-check seed ${first.seed}, path ${first.path})`);
  }
  return lines.join('\n');
}
