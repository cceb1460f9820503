// Runs the fuzz specs of test/fuzz/specs.mjs against the built package, inside the fuzz worker.
//
// Per spec, three passes, each a fast-check run with the suite's seed:
// - seed: every seed call as written must return normally (the happy path works and the spec is right);
// - valid: the seed calls with their numeric leaves jittered in a valid domain (test/fuzz/jitter.mjs);
// - invalid: a seed call with one hostile operation applied (test/fuzz/hostile.mjs).
// Every call is judged the same way: an error must be the toolkit's own naming the function
// (invariants.mjs), a result must hold only finite numbers (bar the spec's documented
// exceptions), no argument may change, and a second identical call must give the same outcome.
// A failing call is recorded (once per kind of failure) with the fast-check seed and path that
// rebuild it; the property itself never fails, so one run finds every kind of failure.
import fc from 'fast-check';
import { applyOp, hostileOps, pathLabel } from './hostile.mjs';
import { clone, diff, judgeError, nonFiniteNumbers, outcomeOf, render, renderCall } from './invariants.mjs';
import { makeJitter } from './jitter.mjs';

export const MODES = Object.freeze(['seed', 'valid', 'invalid']);

/** Heartbeat slots shared with the main thread (see pool.mjs): the call in progress. */
export const HB = Object.freeze({ seq: 0, inCall: 1, spec: 2, mode: 3, run: 4, length: 5 });

/** The name a report and a test use: `iouMatrix`, `label-assign/ndarray iouMatrix`, `anchorGenerator#gridPriors`. */
export function specId(spec) {
  return spec.module === 'ndarray' ? `label-assign/ndarray ${spec.name}` : spec.name;
}

/** A failure's grouping key: digits and quoted values of messages do not make a new kind. */
function normalise(text) {
  return String(text)
    .replace(/'[^']*'/g, "'…'")
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, '#');
}

export class SpecRunner {
  /**
   * @param specs the spec list; @param mods `{ root, ndarray }` modules of the built package;
   * @param heartbeat Int32Array over shared memory, or null.
   */
  constructor(specs, mods, heartbeat) {
    this.specs = specs;
    this.mods = mods;
    this.hb = heartbeat;
    this.LabelAssignError = mods.root.LabelAssignError;
    this.seedCache = new Map();
  }

  beat(inCall) {
    if (!this.hb) return;
    if (inCall) Atomics.add(this.hb, HB.seq, 1);
    Atomics.store(this.hb, HB.inCall, inCall);
  }

  where(specIndex, mode, run) {
    if (!this.hb) return;
    Atomics.store(this.hb, HB.spec, specIndex);
    Atomics.store(this.hb, HB.mode, MODES.indexOf(mode));
    Atomics.store(this.hb, HB.run, run);
  }

  lib(spec) {
    return spec.module === 'ndarray' ? this.mods.ndarray : this.mods.root;
  }

  call(spec, args) {
    const lib = this.lib(spec);
    if (spec.call) return spec.call(lib, args);
    if (spec.construct) return new lib[spec.name](...args);
    return lib[spec.name](...args);
  }

  owners(spec, args) {
    if (typeof spec.owners === 'function') return spec.owners(args);
    return spec.owners ?? [spec.name];
  }

  /** Seed `i` as written (the jitter returns every seed value), built once and cloned per use. */
  seedArgs(specIndex, i) {
    const key = `${specIndex}/${i}`;
    if (!this.seedCache.has(key)) {
      const spec = this.specs[specIndex];
      const args = spec.seeds[i](makeJitter(null), this.mods.root);
      this.seedCache.set(key, { args, ops: spec.invalid === false ? [] : hostileOps(args) });
    }
    return this.seedCache.get(key);
  }

  /** The arguments of run `run` of `mode`, drawn from `g`; `op` is the hostile operation (invalid mode). */
  buildCase(specIndex, mode, run, g) {
    const spec = this.specs[specIndex];
    if (mode === 'seed') return { seedIndex: run, args: clone(this.seedArgs(specIndex, run).args), op: null };
    const seedIndex = spec.seeds.length === 1 ? 0 : g(fc.integer, { min: 0, max: spec.seeds.length - 1 });
    if (mode === 'valid') return { seedIndex, args: spec.seeds[seedIndex](makeJitter(g), this.mods.root), op: null };
    const { args, ops } = this.seedArgs(specIndex, seedIndex);
    const op = ops[g(fc.integer, { min: 0, max: ops.length - 1 })];
    return { seedIndex, args: applyOp(args, op), op };
  }

  /** Calls the function once, flagged "in call" on the heartbeat: `{ threw, value }`. */
  invoke(spec, args) {
    this.beat(1);
    try {
      return { threw: false, value: this.call(spec, args) };
    } catch (error) {
      return { threw: true, value: error };
    } finally {
      this.beat(0);
    }
  }

  /**
   * Calls and judges one case: `{ bad, threw }`, `bad` null when the call behaved, else
   * `{ kind, detail }`. Sets `c.before`, the arguments as they were passed (what a report shows).
   */
  judge(spec, mode, c) {
    const { args, op } = c;
    const outArgs = spec.outArgs ?? [];
    const keep = (list) => list.map((a, i) => (outArgs.includes(i) ? null : a));
    const view = (v) => (spec.view ? spec.view(v) : v);
    c.before = clone(args);
    const { threw, value } = this.invoke(spec, args);
    const verdict = (bad) => ({ bad, threw });
    if (threw) {
      const bad = judgeError(value, this.owners(spec, args), this.LabelAssignError);
      if (bad) return verdict(bad);
      if (mode === 'seed') return verdict({ kind: 'the seed call throws', detail: value.message });
    } else if (!(spec.unchecked && op && spec.unchecked.args.includes(op.path[0]))) {
      const allowed = (x) => (spec.nonFinite ?? []).some((a) => a.path.test(x.path) && (!a.when || a.when(x.value, args, value)));
      const bad = nonFiniteNumbers(view(value)).filter((x) => !allowed(x));
      if (bad.length > 0) return verdict({ kind: 'non-finite number in the result', detail: bad.map((x) => `${x.path} = ${render(x.value)}`).join(', ') });
    }
    const changed = diff(keep(c.before), keep(args));
    if (changed) {
      const at = changed.path.replace(/^\[(\d+)\]/, (_, i) => spec.params?.[i] ?? `arguments[${i}]`);
      return verdict({ kind: 'argument mutated', detail: `${at}: ${render(changed.before)} became ${render(changed.after)}` });
    }
    // Determinism: the same call again gives the same outcome (the first result is cloned now,
    // before the second call can write into a shared output buffer).
    const first = threw ? outcomeOf(true, value) : clone(view(value));
    const again = this.invoke(spec, args);
    if (threw !== again.threw) {
      return verdict({ kind: 'not deterministic', detail: `first call ${threw ? `threw ${first}` : 'returned'}, second ${again.threw ? `threw ${outcomeOf(true, again.value)}` : 'returned'}` });
    }
    if (threw) {
      const second = outcomeOf(true, again.value);
      return verdict(second === first ? null : { kind: 'not deterministic', detail: `${first} then ${second}` });
    }
    const d = diff(first, view(again.value), 'result', new Set(), true);
    return verdict(d ? { kind: 'not deterministic', detail: `${d.path}: ${render(d.before)} then ${render(d.after)}` } : null);
  }

  /** A failure record, rendered for the report. */
  record(specIndex, mode, run, c, bad, seed) {
    const spec = this.specs[specIndex];
    const params = spec.params ?? [];
    return {
      spec: specId(spec),
      mode,
      kind: bad.kind,
      detail: bad.detail,
      where: c.op ? pathLabel(c.op.path, params) : '',
      hostile: c.op ? c.op.label : '',
      call: renderCall(spec.label ?? spec.name, c.before ?? c.args),
      seed,
      path: String(run),
      seedIndex: c.seedIndex,
    };
  }

  /**
   * Runs every pass of spec `specIndex`. `cfg`: `{ seed, runs: { valid, invalid }, timeLimitMs:
   * { valid, invalid } | null, minRuns: { valid, invalid } }`; `onFailure(record)` gets each new kind of failure at once (so
   * nothing is lost when the worker is stopped on a hang); `skip(mode, run)` skips runs already tried.
   */
  runSpec(specIndex, cfg, onFailure, skip = () => false) {
    const spec = this.specs[specIndex];
    const seen = new Map();
    const stats = {};
    const note = (mode, run, c, bad) => {
      const key = `${mode}|${bad.kind}|${c.op ? normalise(pathLabel(c.op.path, spec.params ?? [])) : ''}|${c.op?.label ?? ''}|${normalise(bad.detail)}`;
      if (seen.has(key)) {
        seen.get(key).count++;
        return;
      }
      const rec = { ...this.record(specIndex, mode, run, c, bad, cfg.seed), key, count: 1 };
      seen.set(key, rec);
      onFailure(rec);
    };
    const methods = [];
    for (const mode of MODES) {
      if (mode === 'invalid' && spec.invalid === false) continue;
      const s = (stats[mode] = { runs: 0, returned: 0, rejected: 0, failed: 0 });
      let run = 0;
      // The time cap ends a pass early (its remaining runs return at once), never before `minRuns`.
      const limit = mode === 'seed' ? null : cfg.timeLimitMs?.[mode];
      const least = cfg.minRuns?.[mode] ?? 0;
      const started = Date.now();
      const property = fc.property(fc.gen(), (g) => {
        const r = run++;
        if (skip(mode, r)) return true;
        if (limit && s.runs >= least && Date.now() - started > limit) return true;
        this.where(specIndex, mode, r);
        let c;
        try {
          c = this.buildCase(specIndex, mode, r, g);
        } catch (error) {
          note(mode, r, { args: [], op: null, seedIndex: -1 }, { kind: 'the fuzz spec cannot build its call', detail: error?.stack ?? String(error) });
          return true;
        }
        s.runs++;
        const { bad, threw } = this.judge(spec, mode, c);
        if (bad) {
          s.failed++;
          note(mode, r, c, bad);
        } else if (threw) {
          s.rejected++;
        } else {
          s.returned++;
        }
        if (!bad && mode === 'seed') {
          // Public methods of what the seed returns (generators' gridPriors) need specs of their own.
          const value = this.call(spec, clone(this.seedArgs(specIndex, r).args));
          if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
            for (const k of Object.keys(value)) if (typeof value[k] === 'function' && !methods.includes(k)) methods.push(k);
          }
        }
        return true;
      });
      fc.check(property, { seed: cfg.seed, numRuns: mode === 'seed' ? spec.seeds.length : cfg.runs[mode] });
    }
    if (spec.construct) {
      const proto = this.lib(spec)[spec.name].prototype;
      for (const k of Object.getOwnPropertyNames(proto)) if (k !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, k).value === 'function') methods.push(k);
    }
    return { failures: [...seen.values()], stats, methods };
  }

  /** Rebuilds run `run` of `mode` (without calling anything) and renders it: what a hang reports. */
  describe(specIndex, mode, run, seed) {
    const spec = this.specs[specIndex];
    if (mode === 'seed') {
      const c = this.buildCase(specIndex, mode, run, null);
      return { call: renderCall(spec.label ?? spec.name, c.args), where: '', hostile: '', seedIndex: run };
    }
    let out = null;
    fc.check(
      fc.property(fc.gen(), (g) => {
        const c = this.buildCase(specIndex, mode, run, g);
        out = { call: renderCall(spec.label ?? spec.name, c.args), where: c.op ? pathLabel(c.op.path, spec.params ?? []) : '', hostile: c.op?.label ?? '', seedIndex: c.seedIndex };
        return true;
      }),
      { seed, path: String(run), numRuns: 1 },
    );
    return out;
  }
}
