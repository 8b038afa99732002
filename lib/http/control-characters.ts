/**
 * True when `value` holds a C0 control character or DEL: no name, filter or path needs one,
 * PostgreSQL text cannot store NUL, headers cannot carry CR/LF, and browsers silently drop
 * tabs and newlines from URLs (so "/\t/evil.example" would read as "//evil.example").
 */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
