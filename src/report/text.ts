/**
 * Text from the data (file names, image ids, class names, preset and level names) as it may be
 * printed: on one line, and without characters that a terminal or an editor acts on instead of
 * showing. Every output line and message of the command line that quotes such text passes it
 * through {@link printable}; the CSV output also neutralises formulas (see `csv.ts`).
 */

/**
 * What {@link printable} escapes: the C0 and C1 control characters (line breaks, tab, ESC of
 * ANSI sequences, NUL, DEL), the Unicode line and paragraph separators, and the bidirectional
 * controls that reorder what is shown (the "Trojan Source" characters).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character written as a visible escape (`\n`, `\t`, `\x1b`,
 * `\u202e`), so that it stays on one line and shows what it holds. Other characters, the
 * backslash included, are kept: a message keeps a Windows path as it is. Applying it twice
 * changes nothing more.
 * @example printable('a,b\nc'); // 'a,b\\nc'
 * @example printable('\u001b[31mred'); // '\\x1b[31mred'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeOne);
}
