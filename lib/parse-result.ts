/** What every parser of outside input returns: a value, or the first field that is wrong and why. */
export type FieldError = { field: string; message: string };
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: FieldError };

export const parsed = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const invalid = <T = never>(field: string, message: string): ParseResult<T> => ({ ok: false, error: { field, message } });
