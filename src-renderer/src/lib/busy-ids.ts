/** State that shows which items have a call in flight (replaced, never mutated, so Svelte's `$state.raw` sees it). */
export interface BusyIds {
  busy: ReadonlySet<number>;
}

/** Runs `work` with `id` in `owner.busy`, and takes it out again however `work` ends. */
export async function whileBusy<T>(owner: BusyIds, id: number, work: () => Promise<T>): Promise<T> {
  owner.busy = new Set([...owner.busy, id]);
  try {
    return await work();
  } finally {
    const next = new Set(owner.busy);
    next.delete(id);
    owner.busy = next;
  }
}
