/**
 * Every file in src-main/workers/ that starts a thread or a process of its own. The build (electron.vite.config.ts)
 * emits each as `out/main/<name>.js`, and entry-point.ts starts them by name: adding a worker means adding its file
 * and its name here, nothing else.
 */
export const WORKER_ENTRIES = ['inpaint-worker', 'colorize-worker', 'generate-worker'] as const;
export const PROCESS_ENTRIES = ['training-process'] as const;

export type WorkerEntry = (typeof WORKER_ENTRIES)[number];
export type ProcessEntry = (typeof PROCESS_ENTRIES)[number];
