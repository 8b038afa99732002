/**
 * Exports under way per caller. An export holds a share of the store for its whole length, so
 * one user opening many at once would slow everybody: past `perCaller` the next one waits (429).
 */
export class ExportSlots {
  private readonly held = new Map<string, number>();

  constructor(readonly perCaller = 2) {}

  /** A release function, or null when the caller already has `perCaller` exports running. */
  acquire(caller: string): (() => void) | null {
    const count = this.held.get(caller) ?? 0;
    if (count >= this.perCaller) return null;
    this.held.set(caller, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(caller) ?? 1) - 1;
      if (left <= 0) this.held.delete(caller);
      else this.held.set(caller, left);
    };
  }
}

const slotsByInstance = new WeakMap<object, ExportSlots>();

/** One set of slots per app instance (several run in one process in tests). */
export function exportSlotsFor(instance: object): ExportSlots {
  let slots = slotsByInstance.get(instance);
  if (!slots) {
    slots = new ExportSlots();
    slotsByInstance.set(instance, slots);
  }
  return slots;
}

/** `source`, calling `release` once when it ends, fails or is abandoned (even before its first item). */
export function releasingWhenDone<T>(source: AsyncIterable<T>, release: () => void): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const result = await iterator.next();
            if (result.done) release();
            return result;
          } catch (error) {
            release();
            throw error;
          }
        },
        async return(value?: unknown) {
          release();
          return (await iterator.return?.(value)) ?? { done: true as const, value: undefined };
        },
      };
    },
  };
}
