import { type Cell, type Columns, csvHeader, csvRows } from "./csv";

/**
 * A byte stream of CSV: the header row, then each batch of rows as one chunk. Pull-based: the
 * next batch is produced (and so the next page read from the database) only when the consumer
 * asks for more, so a slow download holds back the reads instead of piling rows up in memory.
 * A failure after the first byte cannot change the status any more; the stream then errors, so
 * the client sees a broken download rather than a silently short file.
 */
export function csvStream(
  columns: Columns,
  batches: AsyncIterable<readonly (readonly Cell[])[]>,
  { onError }: { onError?: (error: unknown) => void } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let headerSent = false;
  // A pull still reading when the client leaves must not write to the closed stream.
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvHeader(columns)));
          return;
        }
        try {
          // Skip empty batches so that one pull always yields bytes or ends the stream.
          for (;;) {
            const next = await iterator.next();
            if (cancelled) return;
            if (next.done) {
              controller.close();
              return;
            }
            if (next.value.length === 0) continue;
            controller.enqueue(encoder.encode(csvRows(next.value)));
            return;
          }
        } catch (error) {
          if (cancelled) return;
          onError?.(error);
          controller.error(error);
        }
      },
      async cancel() {
        cancelled = true;
        // The client went away: stop reading (runs the generators' finally blocks).
        await iterator.return?.();
      },
    },
    // One chunk buffered ahead is enough to overlap the database read with the socket write.
    { highWaterMark: 1 },
  );
}
