/**
 * Deltas between two JSON snapshots, so a push carries what changed rather than everything.
 * Like a JSON merge patch (RFC 7396), with three differences a snapshot needs:
 * - `null` is a value, not a deletion: deleted keys are listed under `~d`;
 * - arrays of objects keyed by a unique `sid` are patched per element (`~o` the new order when
 *   it changed, `~p` the patches of changed or new elements by sid);
 * - anything else that changed (other arrays, objects whose own keys start with `~`) is replaced
 *   whole, as `{"~r": value}`; a changed primitive is its new value.
 * `diff` returns `undefined` when nothing changed; `applyPatch(a, diff(a, b))` deep-equals `b`.
 * Patches never mutate their input: unchanged parts are shared with the previous value.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Patch = Json;

const REPLACE = "~r";
const DELETED = "~d";
const ORDER = "~o";
const ELEMENTS = "~p";

/** Sets an own property, even one named `__proto__` (plain assignment would change the prototype). */
const setOwn = (target: JsonObject, key: string, value: Json): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** True when no own key starts with `~`, so the object can be patched key by key. */
const isPatchable = (value: JsonObject): boolean => {
  for (const key in value) if (key.startsWith("~")) return false;
  return true;
};

/** The sids of an array of objects keyed by unique string `sid`, or null when it is not one. */
function sidsOf(values: readonly Json[]): string[] | null {
  const sids: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    if (!isObject(value) || typeof value.sid !== "string" || seen.has(value.sid)) return null;
    seen.add(value.sid);
    sids.push(value.sid);
  }
  return sids;
}

function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!jsonEqual(a[i] as Json, b[i] as Json)) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) if (!Object.hasOwn(b, key) || !jsonEqual(a[key] as Json, b[key] as Json)) return false;
    return true;
  }
  return false;
}

const replacement = (next: Json): Patch => (typeof next === "object" && next !== null ? { [REPLACE]: next } : next);

/** The patch that turns `previous` into `next`; undefined when they are equal. */
export function diff(previous: Json | undefined, next: Json): Patch | undefined {
  if (previous === next) return undefined;
  if (previous === undefined) return replacement(next);
  if (Array.isArray(previous) && Array.isArray(next)) return diffArray(previous, next);
  if (isObject(previous) && isObject(next) && isPatchable(next) && isPatchable(previous)) return diffObject(previous, next);
  return jsonEqual(previous, next) ? undefined : replacement(next);
}

function diffObject(previous: JsonObject, next: JsonObject): Patch | undefined {
  const patch: JsonObject = {};
  let changed = false;
  for (const key in next) {
    // An undefined property is absent in JSON: a deletion, if anything.
    if (next[key] === undefined) continue;
    const change = diff(Object.hasOwn(previous, key) ? previous[key] : undefined, next[key] as Json);
    if (change !== undefined) {
      setOwn(patch, key, change);
      changed = true;
    }
  }
  const deleted = Object.keys(previous).filter(
    (key) => previous[key] !== undefined && (!Object.hasOwn(next, key) || next[key] === undefined),
  );
  if (deleted.length) {
    patch[DELETED] = deleted;
    changed = true;
  }
  return changed ? patch : undefined;
}

function diffArray(previous: Json[], next: Json[]): Patch | undefined {
  const before = sidsOf(previous);
  const after = before && sidsOf(next);
  if (!before || !after || next.length === 0) return jsonEqual(previous, next) ? undefined : replacement(next);
  const bySid = new Map<string, Json>();
  for (const [i, sid] of before.entries()) bySid.set(sid, previous[i] as Json);
  const elements: JsonObject = {};
  let changedElements = false;
  for (const [i, sid] of after.entries()) {
    const change = diff(bySid.get(sid), next[i] as Json);
    if (change !== undefined) {
      setOwn(elements, sid, change);
      changedElements = true;
    }
  }
  const sameOrder = before.length === after.length && before.every((sid, i) => sid === after[i]);
  if (sameOrder && !changedElements) return undefined;
  const patch: JsonObject = { [ELEMENTS]: elements };
  if (!sameOrder) patch[ORDER] = after;
  return patch;
}

/** Applies a patch made by `diff`; throws when the patch does not fit the value. */
export function applyPatch(value: Json | undefined, patch: Patch): Json {
  if (!isObject(patch)) return patch;
  if (REPLACE in patch) return patch[REPLACE] as Json;
  if (ELEMENTS in patch) {
    if (!Array.isArray(value)) throw new Error("patch: element changes for a value that is not an array");
    const elements = patch[ELEMENTS] as JsonObject;
    const bySid = new Map<string, Json>();
    for (const item of value) if (isObject(item) && typeof item.sid === "string") bySid.set(item.sid, item);
    const order = (patch[ORDER] as string[] | undefined) ?? [...bySid.keys()];
    return order.map((sid) => {
      const change = Object.hasOwn(elements, sid) ? elements[sid] : undefined;
      const current = bySid.get(sid);
      if (change === undefined) {
        if (current === undefined) throw new Error(`patch: no element ${sid} to keep`);
        return current;
      }
      return applyPatch(current, change);
    });
  }
  if (!isObject(value)) throw new Error("patch: key changes for a value that is not an object");
  const result: JsonObject = { ...value };
  for (const key in patch) {
    if (key === DELETED) continue;
    setOwn(result, key, applyPatch(Object.hasOwn(value, key) ? value[key] : undefined, patch[key] as Json));
  }
  for (const key of (patch[DELETED] as string[] | undefined) ?? []) delete result[key];
  return result;
}
