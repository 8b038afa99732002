/**
 * One value per process shared by the custom server and Next's route handlers, which are bundled
 * apart and so do not share module-level singletons.
 */
export function globalSlot<T>(key: string, create: () => T): T {
  const slots = globalThis as unknown as Record<string, T | undefined>;
  const existing = slots[key];
  if (existing !== undefined) return existing;
  const created = create();
  slots[key] = created;
  return created;
}
