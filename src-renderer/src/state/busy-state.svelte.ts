import { untrack } from 'svelte';

interface BusyTask {
  id: number;
  label: string;
}

/** Long calls in flight, for the global busy indicator; the newest one names what the app is doing. */
export class BusyState {
  #tasks = $state<BusyTask[]>([]);
  #nextId = 1;

  get active(): boolean {
    return this.#tasks.length > 0;
  }

  get label(): string | null {
    return this.#tasks.at(-1)?.label ?? null;
  }

  async track<T>(label: string, work: () => Promise<T>): Promise<T> {
    const task = { id: this.#nextId++, label };
    // Untracked: a call started from an effect must not make that effect depend on the task list it changes.
    untrack(() => (this.#tasks = [...this.#tasks, task]));
    try {
      return await work();
    } finally {
      untrack(() => (this.#tasks = this.#tasks.filter((t) => t.id !== task.id)));
    }
  }
}
