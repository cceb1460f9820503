/**
 * Where a command writes its text: `process.stdout` / `process.stderr` in the CLI, a string
 * buffer in tests. One method, so any sink fits.
 */
export interface Output {
  write(text: string): void;
}
