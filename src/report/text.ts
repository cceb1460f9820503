/**
 * Text from the data (file names, image ids, class names, preset and level names) as it may be
 * printed: on one line, and without characters that a terminal or an editor acts on instead of
 * showing. Every output line and message of the command line that quotes such text passes it
 * through {@link printable}; the CSV output also neutralises formulas (see `csv.ts`).
 */

import { escapeControlCharacters } from '../errors.js';

/**
 * `text` with every control character written as a visible escape (`\n`, `\t`, `\u001b`,
 * `\u202e`), so that it stays on one line and shows what it holds: the core's own escape
 * (`escapeControlCharacters`), so a message and an output line quote the same data the same way.
 * @example printable('a,b\nc'); // 'a,b\\nc'
 * @example printable('\u001b[31mred'); // '\\u001b[31mred'
 */
export function printable(text: string): string {
  return escapeControlCharacters(text);
}
