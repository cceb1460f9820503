// The built core loads and runs where code generation from strings is forbidden (a strict
// Content-Security-Policy, such workers): a child `node --disallow-code-generation-from-strings`
// imports dist/index.js and runs an assignment and an IoU matrix on ndarray-shaped inputs.
// Regression: ndarray-ops (through cwise) called `new Function` when the core was imported, and
// scijs `ndarray` does when a view is built. Runs the compiled modules in dist/ (`npm test` builds
// first); LABEL_ASSIGN_DIST_DIR=<folder> points it at another build of src/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const distRoot = process.env.LABEL_ASSIGN_DIST_DIR
  ? pathToFileURL(join(process.env.LABEL_ASSIGN_DIST_DIR, '/'))
  : new URL('../../dist/', import.meta.url);
const coreUrl = new URL('index.js', distRoot);
const ndarrayUrl = new URL('ndarray/index.js', distRoot);
const built = existsSync(fileURLToPath(coreUrl)) && existsSync(fileURLToPath(ndarrayUrl));
if (!built) console.warn(`no-code-generation tests skipped: no build at ${fileURLToPath(coreUrl)} (run \`npm run build\`; \`npm test\` does)`);

/** Runs an ES module body in a child node that refuses `eval` and `new Function`. */
function runStrict(body: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', body], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(!built)('the built core under --disallow-code-generation-from-strings', () => {
  it('the child really forbids code generation', () => {
    const run = runStrict(`new Function('return 1');`);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/Code generation from strings disallowed/);
  });

  it('imports the core and runs an assignment and an IoU matrix on ndarray-like inputs', () => {
    const body = `
      const la = await import(${JSON.stringify(coreUrl.href)});
      const fail = (what) => { console.error('failed: ' + what); process.exit(1); };
      const same = (actual, expected) => actual.length === expected.length && expected.every((v, i) => actual[i] === v);
      // gt boxes [[0, 0, 10, 10], [50, 50, 60, 60]] stored column by column after one padding value:
      // a transposed (non-contiguous) view with an offset.
      const gtBoxes = { data: new Float64Array([-1, 0, 50, 0, 50, 10, 60, 10, 60]), shape: [2, 4], stride: [1, 2], offset: 1 };
      // priors [[0, 0, 10, 10], [0, 0, 5, 5], [50, 50, 60, 60], [100, 100, 110, 110]] stored last row first.
      const priors = { data: new Float32Array([100, 100, 110, 110, 50, 50, 60, 60, 0, 0, 5, 5, 0, 0, 10, 10]), shape: [4, 4], stride: [-4, 1], offset: 12 };
      const ious = la.iouMatrix(priors, gtBoxes);
      if (!(ious instanceof Float32Array) || !same(ious, [1, 0, 0.25, 0, 0, 1, 0, 0])) fail('iouMatrix gave ' + Array.from(ious));
      const result = la.assignMaxIoU({ priors, gtBoxes, gtLabels: [3, 7] }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 });
      if (!same(result.gtIndex, [0, -1, 1, -1])) fail('gtIndex ' + Array.from(result.gtIndex));
      if (!same(result.label, [1, 0, 1, 0])) fail('label ' + Array.from(result.label));
      if (!same(result.gtLabel, [3, -1, 7, -1])) fail('gtLabel ' + Array.from(result.gtLabel));
      const loss = la.l1Loss({ data: [1, 2, 3, 4, 5, 6], shape: [3, 2], stride: [1, 3], offset: 0 }, [[0, 0], [0, 0], [0, 0]], { reduction: 'none' });
      if (!same(loss.loss, [1, 4, 2, 5, 3, 6])) fail('l1Loss ' + Array.from(loss.loss));
      console.log('ok');
    `;
    const run = runStrict(body);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('ok');
    expect(run.status).toBe(0);
  });

  it('label-assign/ndarray imports there too (its functions need code generation only when called)', () => {
    const run = runStrict(`const nd = await import(${JSON.stringify(ndarrayUrl.href)}); if (typeof nd.iouMatrix !== 'function') process.exit(1);`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
