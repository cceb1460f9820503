// The fuzz worker thread: imports the built package and runs the specs the main thread asks
// for (test/fuzz/pool.mjs). It writes the call in progress to a shared heartbeat before each
// call, so the main thread can stop it on a hang and say which call hung. Huge typed-array
// allocations throw instead (allocation-guard.mjs, loaded first).
import './allocation-guard.mjs';
import { parentPort, workerData } from 'node:worker_threads';
import { MODES, SpecRunner, specId } from './runner.mjs';

const { SPECS } = await import(workerData.specsUrl);
const distRoot = new URL(workerData.distRoot);
const root = await import(new URL('index.js', distRoot).href);
const ndarray = await import(new URL('ndarray/index.js', distRoot).href);
const runner = new SpecRunner(SPECS, { root, ndarray }, new Int32Array(workerData.heartbeat));

const functionsOf = (mod) => Object.keys(mod).filter((k) => typeof mod[k] === 'function');

parentPort.on('message', (msg) => {
  if (msg.type === 'run') {
    // After a hang, the spec resumes past the call that hung.
    const skip = msg.resume ? (mode, run) => MODES.indexOf(mode) < MODES.indexOf(msg.resume.mode) || (mode === msg.resume.mode && run <= msg.resume.run) : undefined;
    const result = runner.runSpec(msg.spec, msg.cfg, (rec) => parentPort.postMessage({ type: 'failure', spec: msg.spec, rec }), skip);
    parentPort.postMessage({ type: 'done', spec: msg.spec, result });
  } else if (msg.type === 'describe') {
    parentPort.postMessage({ type: 'described', call: runner.describe(msg.spec, msg.mode, msg.run, msg.seed) });
  }
});

parentPort.postMessage({
  type: 'ready',
  specs: SPECS.map((s) => ({ id: specId(s), name: s.name, module: s.module ?? 'root' })),
  exports: { root: functionsOf(root), ndarray: functionsOf(ndarray) },
});
