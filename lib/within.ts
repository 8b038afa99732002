/** What `promise` gives, or `timedOut` when it has not settled within `ms` (its timer is cleared either way). */
export async function within<T, F>(ms: number, promise: Promise<T>, timedOut: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
