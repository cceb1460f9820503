/**
 * A small worker-thread pool that the synchronous CLI can wait on.
 *
 * `label-assign`'s commands are synchronous functions (`main(argv) -> exit code`), so the pool
 * does not use events or promises on the calling thread: each worker posts its messages on a
 * `MessageChannel` and then bumps a shared counter (`Atomics.add` + `Atomics.notify`); the
 * caller sleeps in `Atomics.wait` on that counter and drains the ports with
 * `receiveMessageOnPort`. Jobs are handed out one at a time as workers finish (two in flight
 * per worker), so a slow chunk never holds up the rest.
 *
 * A worker that cannot start (its modules fail to load) or goes silent makes the pool give up
 * cleanly and hand the unfinished jobs back, so the caller can run them in-process; a
 * `LabelAssignError` raised by a job is rethrown as it was.
 */
import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { LabelAssignError, type LabelAssignErrorCode } from '../errors.js';

/** Messages from a worker. */
type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly count: number }
  | { readonly type: 'result'; readonly job: number; readonly payload: unknown }
  | {
      readonly type: 'error';
      readonly phase: 'load' | 'run';
      readonly name: string;
      readonly code?: LabelAssignErrorCode;
      readonly path?: string;
      readonly message: string;
    };

/** Messages to a worker. */
type ToWorker = { readonly type: 'job'; readonly job: number; readonly payload: unknown } | { readonly type: 'close' };

export interface PoolOptions<J, R> {
  /** The worker module (an ES module that calls {@link serveJobs}). */
  readonly workerUrl: URL;
  /** Number of worker threads (at least 1). */
  readonly workers: number;
  /** Passed once to every worker's setup function; must be structured-cloneable. */
  readonly init: unknown;
  /** Job payloads; structured-cloneable. */
  readonly jobs: readonly J[];
  /** Called on the calling thread with each job's result, in completion order. */
  readonly onResult: (job: number, result: R) => void;
  /** Called on the calling thread for each progress tick a worker reports. */
  readonly onProgress?: (count: number) => void;
  /** Give up when no worker has said anything for this long (ms). Default 5 minutes. */
  readonly idleTimeoutMs?: number;
}

/** What the pool could not do: the jobs left for the caller, and why. */
export interface PoolOutcome {
  readonly unfinished: readonly number[];
  readonly reason: string | null;
}

interface WorkerState {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly inFlight: Set<number>;
}

/**
 * Runs `jobs` on `workers` threads and blocks until all are done (or the pool gives up).
 * @returns the jobs that did not finish (empty on success) and the reason.
 * @throws {LabelAssignError} the first LabelAssignError a job raised.
 * @example
 * const { unfinished } = runPool({ workerUrl, workers: 4, init: { presets }, jobs, onResult: (j, r) => out[j] = r });
 */
export function runPool<J, R>(options: PoolOptions<J, R>): PoolOutcome {
  const { jobs, onResult, onProgress } = options;
  const idleTimeoutMs = options.idleTimeoutMs ?? 5 * 60 * 1000;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const done = new Uint8Array(jobs.length);
  let remaining = jobs.length;
  let next = 0;
  const states: WorkerState[] = [];
  const unfinished = (): number[] => [...done.keys()].filter((j) => done[j] === 0);

  const dispatch = (state: WorkerState): void => {
    while (state.inFlight.size < 2 && next < jobs.length) {
      const job = next++;
      state.inFlight.add(job);
      state.port.postMessage({ type: 'job', job, payload: jobs[job] } satisfies ToWorker);
    }
  };
  const stop = (): void => {
    for (const state of states) {
      state.port.postMessage({ type: 'close' } satisfies ToWorker);
      state.port.close();
      void state.worker.terminate();
    }
  };

  try {
    for (let w = 0; w < Math.max(1, options.workers); w++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(options.workerUrl, {
        workerData: { init: options.init, port: port2, signal: flag.buffer },
        transferList: [port2],
        stdout: false,
        stderr: false,
      });
      worker.unref();
      // Errors are reported on the port; an 'error' event after we stopped listening must not crash the process.
      worker.on('error', () => undefined);
      const state: WorkerState = { worker, port: port1, inFlight: new Set() };
      states.push(state);
      dispatch(state);
    }
  } catch (error) {
    stop();
    return { unfinished: unfinished(), reason: `cannot start worker threads (${(error as Error).message})` };
  }

  let lastActivity = Date.now();
  while (remaining > 0) {
    const seen = Atomics.load(flag, 0);
    let received = false;
    for (const state of states) {
      for (let m = receiveMessageOnPort(state.port); m !== undefined; m = receiveMessageOnPort(state.port)) {
        received = true;
        const message = m.message as FromWorker;
        if (message.type === 'progress') {
          onProgress?.(message.count);
        } else if (message.type === 'result') {
          if (done[message.job] === 0) {
            done[message.job] = 1;
            remaining--;
            onResult(message.job, message.payload as R);
          }
          state.inFlight.delete(message.job);
          dispatch(state);
        } else if (message.type === 'error') {
          stop();
          if (message.phase === 'run' && message.name === 'LabelAssignError') {
            throw new LabelAssignError(message.code ?? 'invalid-argument', message.path ?? '', message.message);
          }
          return { unfinished: unfinished(), reason: `a worker thread failed (${message.message})` };
        }
      }
    }
    if (received) {
      lastActivity = Date.now();
    } else if (remaining > 0) {
      if (Date.now() - lastActivity > idleTimeoutMs) {
        stop();
        return { unfinished: unfinished(), reason: `the worker threads went silent for ${Math.round(idleTimeoutMs / 1000)} s` };
      }
      Atomics.wait(flag, 0, seen, 1000);
    }
  }
  stop();
  return { unfinished: [], reason: null };
}

/**
 * The worker side: call once at the top of a worker module. `setup` runs once with the pool's
 * `init` and returns the job handler; the handler gets each job's payload and a `tick` to
 * report progress, and returns the job's result.
 * @throws never: failures are reported to the pool.
 * @example
 * await serveJobs(async (init) => (payload, tick) => { tick(); return work(payload); });
 */
export async function serveJobs<J, R>(setup: (init: unknown) => Promise<(payload: J, tick: (count: number) => void) => R>): Promise<void> {
  const data = workerData as { init: unknown; port: MessagePort; signal: SharedArrayBuffer };
  const port = data.port;
  const flag = new Int32Array(data.signal);
  const send = (message: FromWorker): void => {
    port.postMessage(message);
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  const describe = (error: unknown, phase: 'load' | 'run'): FromWorker => {
    const e = error as Partial<LabelAssignError> & Error;
    return {
      type: 'error',
      phase,
      name: e instanceof LabelAssignError ? 'LabelAssignError' : (e?.name ?? 'Error'),
      code: e?.code,
      path: e?.path,
      message: String(e?.message ?? error),
    };
  };
  let handler: (payload: J, tick: (count: number) => void) => R;
  try {
    handler = await setup(data.init);
  } catch (error) {
    send(describe(error, 'load'));
    port.close();
    return;
  }
  send({ type: 'ready' });
  const tick = (count: number): void => send({ type: 'progress', count });
  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      port.close();
      return;
    }
    try {
      send({ type: 'result', job: message.job, payload: handler(message.payload as J, tick) });
    } catch (error) {
      send(describe(error, 'run'));
    }
  });
}
