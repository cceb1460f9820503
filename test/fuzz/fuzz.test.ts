// Issue 10's fuzz suite: every public function of label-assign (and label-assign/ndarray) called
// with random valid inputs and with hostile ones, in worker threads over the built package. A
// call fails on a hang, a non-finite result, a mutated argument, a second call that disagrees,
// or an error that is not a LabelAssignError naming the function. The specs are data
// (test/fuzz/specs.mjs); this file only runs them and reports. Runs the compiled modules in
// dist/ (`npm test` builds first); LABEL_ASSIGN_DIST_DIR=<folder> points it at another build.
// FC_SEED replays a run; FUZZ_RUNS=<n> runs longer (see the README, "Tests and benchmarks").
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, formatFailures, runFuzz, specIds, type FuzzOutcome } from './pool.mjs';

const distRoot = process.env.LABEL_ASSIGN_DIST_DIR
  ? pathToFileURL(join(process.env.LABEL_ASSIGN_DIST_DIR, '/'))
  : new URL('../../dist/', import.meta.url);
const built = existsSync(fileURLToPath(new URL('index.js', distRoot))) && existsSync(fileURLToPath(new URL('ndarray/index.js', distRoot)));
if (!built) console.warn(`fuzz tests skipped: no build at ${fileURLToPath(distRoot)} (run \`npm run build\`; \`npm test\` does)`);

const cfg = configFromEnv(process.env);
const ids = specIds().filter((id) => !cfg.only || cfg.only.test(id));

describe.skipIf(!built)('fuzz: every public function, valid and hostile inputs', () => {
  let outcome: FuzzOutcome;

  beforeAll(async () => {
    outcome = await runFuzz(distRoot, cfg);
    const failing = [...outcome.specs.values()].filter((s) => s.failures.length > 0).length;
    console.log(`fuzz: seed ${outcome.seed} (FC_SEED=${outcome.seed} replays it), ${ids.length} specs in ${(outcome.elapsedMs / 1000).toFixed(1)} s, ${failing} with failures`);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ seed: outcome.seed, elapsedMs: outcome.elapsedMs, specs: Object.fromEntries(outcome.specs) }, null, 2));
  }, cfg.timeoutMs);

  it.skipIf(cfg.only !== null)('has a spec for every exported function and public method, and none for a function that is gone', () => {
    const known = new Set(specIds());
    const missing = [
      ...outcome.exports.root.filter((name) => !known.has(name)),
      ...outcome.exports.ndarray.filter((name) => !known.has(`label-assign/ndarray ${name}`)).map((name) => `label-assign/ndarray ${name}`),
      // Methods of what a seed returns (a generator's gridPriors) and of exported classes.
      ...[...outcome.specs].flatMap(([id, s]) => s.methods.map((m) => `${id}#${m}`)).filter((id) => !known.has(id)),
    ];
    expect(missing, 'add an entry to test/fuzz/specs.mjs for each').toEqual([]);
    const exported = new Set([...outcome.exports.root, ...outcome.exports.ndarray.map((name) => `label-assign/ndarray ${name}`)]);
    const stale = [...known].filter((id) => !id.includes('#') && !exported.has(id));
    expect(stale, 'specs of functions that are no longer exported').toEqual([]);
  });

  it('catches each kind of defect in deliberately broken functions, and stops a hanging one', async () => {
    const quick = { ...cfg, only: null, runs: { valid: 10, invalid: 40 }, timeLimitMs: null, callMs: 300 };
    const broken = await runFuzz(distRoot, quick, new URL('./broken-specs.mjs', import.meta.url));
    const kinds = Object.fromEntries([...broken.specs].map(([id, s]) => [id, [...new Set(s.failures.map((f) => f.kind))].sort()]));
    expect(kinds).toEqual({
      wellBehaved: [],
      throwsTypeError: ['TypeError'],
      namesAnother: ['LabelAssignError naming another function'],
      twoLineMessage: ['LabelAssignError message with a line break or control character'],
      returnsNaN: ['non-finite number in the result'],
      mutates: ['argument mutated'],
      nondeterministic: ['not deterministic'],
      allocatesHuge: ['allocates a huge typed array'],
      hangs: ['hang: a call did not return within 300 ms', 'pass cut short'],
    });
    const hang = broken.specs.get('hangs')?.failures.find((f) => f.kind.startsWith('hang'));
    expect(hang?.call).toMatch(/^hangs\(/);
  }, 60_000);

  it.each(ids)('%s', (id) => {
    const spec = outcome.specs.get(id);
    expect(spec?.ran, `${id} did not run`).toBe(true);
    if (spec && spec.failures.length > 0) throw new Error(formatFailures(id, spec.failures));
  });
});
