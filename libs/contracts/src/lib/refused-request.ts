/**
 * The videoKey of an event whose request named no valid video (missing, empty, hostile or
 * over-long `filename`). v1 consumers require a non-empty videoKey; this one starts with `/`,
 * which no valid key does (stream-service refuses absolute names), so it never mixes refused
 * requests into a real video's statistics. The name as requested is in `refusal.requestedName`.
 */
export const INVALID_VIDEO_KEY_PLACEHOLDER = '/invalid-filename';

/** The userId of an event whose request carried no valid credentials (401): nobody to name. */
export const ANONYMOUS_USER_ID = '-';

export const MAX_REQUESTED_NAME_CHARS = 256;

const PRINTABLE_ASCII_BUT_PERCENT = /^[\x20-\x24\x26-\x7e]$/;

/**
 * A requested name made safe to store and display: every character outside printable ASCII,
 * and `%` itself, is percent-encoded as UTF-8 (a lone surrogate as U+FFFD), so control
 * characters, NUL, right-to-left overrides and look-alikes are visible and unambiguous. Cut at
 * `maxChars` without splitting an escape.
 */
export function escapeRequestedName(
  raw: string,
  maxChars = MAX_REQUESTED_NAME_CHARS,
): { name: string; truncated: boolean } {
  let name = '';
  for (const char of raw) {
    const escaped = PRINTABLE_ASCII_BUT_PERCENT.test(char)
      ? char
      : percentEncode(char);
    if (name.length + escaped.length > maxChars)
      return { name, truncated: true };
    name += escaped;
  }
  return { name, truncated: false };
}

const utf8 = new TextEncoder();

function percentEncode(char: string): string {
  return [...utf8.encode(char)]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}
