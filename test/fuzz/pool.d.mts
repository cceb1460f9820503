// Types of pool.mjs for fuzz.test.ts (the fuzz harness is plain ESM so that its worker can load it).

export interface FuzzConfig {
  readonly seed: number;
  readonly runs: { readonly valid: number; readonly invalid: number };
  readonly timeLimitMs: { readonly valid: number; readonly invalid: number } | null;
  readonly minRuns: { readonly valid: number; readonly invalid: number };
  readonly callMs: number;
  readonly workers: number;
  readonly only: RegExp | null;
  readonly timeoutMs: number;
}

export interface FuzzFailure {
  readonly spec: string;
  readonly mode: 'seed' | 'valid' | 'invalid';
  readonly kind: string;
  readonly detail: string;
  readonly where: string;
  readonly hostile: string;
  readonly call: string;
  readonly seed: number;
  readonly path: string;
  readonly count: number;
}

export interface SpecOutcome {
  readonly failures: readonly FuzzFailure[];
  readonly stats: Readonly<Record<string, { runs: number; returned: number; rejected: number; failed: number }>>;
  readonly methods: readonly string[];
  readonly ran: boolean;
}

export interface FuzzOutcome {
  readonly specs: ReadonlyMap<string, SpecOutcome>;
  readonly exports: { readonly root: readonly string[]; readonly ndarray: readonly string[] };
  readonly seed: number;
  readonly elapsedMs: number;
}

export function specIds(): string[];
export function configFromEnv(env: Record<string, string | undefined>): FuzzConfig;
/** Runs the specs of `specsUrl` (default test/fuzz/specs.mjs) over worker threads. */
export function runFuzz(distRoot: URL, cfg: FuzzConfig, specsUrl?: URL): Promise<FuzzOutcome>;
export function formatFailures(id: string, failures: readonly FuzzFailure[]): string;
