export interface FrameBatcher {
  /** Asks for one `flush` on the next frame; calls before it arrives are folded into that one. */
  schedule(): void;
  cancel(): void;
}

/**
 * Folds any number of change notifications into at most one redraw per animation frame, so a burst of training
 * events costs one chart update, and none at all while the window is hidden (browsers pause frames there).
 */
export function frameBatcher(
  flush: () => void,
  requestFrame: (callback: () => void) => number = (cb) => requestAnimationFrame(cb),
  cancelFrame: (handle: number) => void = (handle) => cancelAnimationFrame(handle),
): FrameBatcher {
  let handle: number | null = null;
  return {
    schedule() {
      if (handle !== null) return;
      handle = requestFrame(() => {
        handle = null;
        flush();
      });
    },
    cancel() {
      if (handle === null) return;
      cancelFrame(handle);
      handle = null;
    },
  };
}
