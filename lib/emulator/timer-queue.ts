/**
 * A min-heap of timers ordered by (due time, insertion order), so timers due at the same instant
 * always fire in the order they were set: the simulator's determinism rests on this.
 */
export type TimerHandle = { readonly id: number };

type Entry = { id: number; at: number; fn: () => void };

export class TimerQueue {
  private heap: Entry[] = [];
  private live = new Set<number>();
  private nextId = 1;

  get size(): number {
    return this.live.size;
  }

  push(at: number, fn: () => void): TimerHandle {
    const entry: Entry = { id: this.nextId++, at, fn };
    this.heap.push(entry);
    this.live.add(entry.id);
    this.siftUp(this.heap.length - 1);
    return { id: entry.id };
  }

  cancel(handle: TimerHandle): void {
    // Lazy deletion: the entry stays in the heap and is skipped when it surfaces.
    this.live.delete(handle.id);
  }

  /** Due time of the earliest live timer, or undefined when none is set. */
  peekTime(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest live timer if it is due at or before `time`. */
  popDue(time: number): { at: number; fn: () => void } | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top || top.at > time) return undefined;
    this.removeTop();
    this.live.delete(top.id);
    return top;
  }

  clear(): void {
    this.heap = [];
    this.live.clear();
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && !this.live.has(this.heap[0]!.id)) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private before(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index]!, heap[parent]!)) return;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  }
}
