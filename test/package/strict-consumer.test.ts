// A strict TypeScript consumer (strict, skipLibCheck false, NodeNext) compiles against the
// published types of the core and of `label-assign/ndarray` with only what installing the
// package installs: its regular dependencies, no devDependencies (no @types/ndarray), no
// @types/node, no DOM lib. The package is laid out in a temporary node_modules as `npm pack`
// ships it (package.json and dist/), so the project's own node_modules cannot hide a missing type.
// Regression: the core's .d.ts imported 'ndarray', which gave TS7016 without @types/ndarray.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = process.env.LABEL_ASSIGN_DIST_DIR ?? join(root, 'dist');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const built = existsSync(join(dist, 'index.d.ts')) && existsSync(join(dist, 'ndarray', 'index.d.ts'));
if (!built) console.warn(`strict-consumer test skipped: no declarations at ${join(dist, 'index.d.ts')} (run \`npm run build\`; \`npm test\` does)`);

const consumer = `
import { assignMaxIoU, iouMatrix, l1Loss, LabelAssignError, type BoxesInput, type LossInput, type NdArrayLike, type OverlapResult } from 'label-assign';
import { iouMatrix as iouNdarray, alignedGiou, type Float32NdArray } from 'label-assign/ndarray';

const view: NdArrayLike = { data: new Float32Array([0, 0, 10, 10, 0, 0, 5, 5]), shape: [2, 4], stride: [4, 1], offset: 0 };
const transposed: BoxesInput = { data: [0, 0, 0, 0, 10, 5, 10, 5], shape: [2, 4], stride: [1, 2], offset: 0 };
const ious: Float32Array = iouMatrix(view, transposed);
const alias: OverlapResult = ious;
const result = assignMaxIoU({ priors: view, gtBoxes: [[0, 0, 10, 10]] }, { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 });
const gtIndex: Int32Array = result.gtIndex;
const pred: LossInput = view;
const loss: number = l1Loss(pred, transposed).loss;
const m: Float32NdArray = iouNdarray(view, transposed);
const back: NdArrayLike = m;
const value: number = m.get(1, 0) + m.transpose(1, 0).get(0, 1) + alignedGiou(view, view).get(0);
const shape: number[] = m.shape;
let code: string | null = null;
try {
  iouMatrix(view, [[1, 1, 0, 0]]);
} catch (error) {
  if (error instanceof LabelAssignError) code = error.code + error.path;
}
export const used = [alias, gtIndex, loss, back, value, shape, code];
`;

describe.skipIf(!built)('published types', () => {
  it('a strict consumer with skipLibCheck false compiles against the core and label-assign/ndarray', () => {
    // Made here, not at load time, so that a skipped run leaves nothing behind.
    const work = mkdtempSync(join(tmpdir(), 'label-assign-consumer-'));
    try {
      compileConsumer(work);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 30_000);
});

/** Lays out the package and the consumer in `work` and type-checks the consumer. */
function compileConsumer(work: string): void {
  const pkg = join(work, 'node_modules', 'label-assign');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  // Its regular dependencies, as npm would install them beside it.
  const { dependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(dependencies)) {
    const link = join(work, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), link, 'dir');
  }
  // What npm pack ships of dist/, declarations only (all a type check reads).
  cpSync(dist, join(pkg, 'dist'), { recursive: true, filter: (source) => statSync(source).isDirectory() || source.endsWith('.d.ts') });
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(work, 'consumer.ts'), consumer);
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        lib: ['ES2022'],
        // No @types/* at all: the published types must not need @types/node or @types/ndarray.
        types: [],
        noEmit: true,
      },
      files: ['consumer.ts'],
    }),
  );
  const run = spawnSync(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
}
