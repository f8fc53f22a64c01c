import type { MessagePort } from 'node:worker_threads';
import { KintsugiError } from '../../src-shared/errors.js';
import { toErrorData } from '../router/error-mapping.js';
import type { CancelMessage, FailedReply, ProgressReply, RunMessage } from './serial-worker.js';

/** Engines report often; more than ~20 messages a second would only flood the event channel. */
const PROGRESS_INTERVAL_MS = 50;

export type Progress = (fraction: number, stage: string) => void;

/** An answer and the buffers it hands back (transferred, not copied). */
export interface Answered<Reply> {
  reply: Reply;
  transfer?: ArrayBuffer[];
}


/**
 * The worker side of a SerialWorker: runs `handle` for one request at a time, aborts a run's signal when its
 * `cancel` arrives, throttles its progress, and answers a failure as `failed` with the error's code. A second request
 * while one runs is refused with E_BUSY (the client queues, so this only happens on a client bug).
 */
export function serveRuns<Req extends RunMessage, Reply extends RunMessage>(
  port: MessagePort,
  what: string,
  handle: (request: Req, signal: AbortSignal, progress: Progress) => Promise<Answered<Reply>>,
): void {
  let current: { runId: number; controller: AbortController } | null = null;
  const post = (message: Reply | ProgressReply | FailedReply, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

  async function serve(request: Req): Promise<void> {
    const { runId } = request;
    if (current) {
      post({ type: 'failed', runId, error: new KintsugiError('E_BUSY', `The ${what} worker is busy with run ${current.runId}`).toData() });
      return;
    }
    const controller = new AbortController();
    current = { runId, controller };
    let lastPost = 0;
    let lastStage = '';
    const progress: Progress = (fraction, stage) => {
      const now = Date.now();
      // A stage's end (fraction 1) always goes out, so a bar never stops short of full.
      if (stage === lastStage && fraction < 1 && now - lastPost < PROGRESS_INTERVAL_MS) return;
      lastPost = now;
      lastStage = stage;
      post({ type: 'progress', runId, fraction: Math.min(1, Math.max(0, fraction)), stage });
    };
    try {
      const answer = await handle(request, controller.signal, progress);
      post(answer.reply, answer.transfer);
    } catch (err) {
      post({ type: 'failed', runId, error: toErrorData(err) });
    } finally {
      current = null;
    }
  }

  port.on('message', (message: Req | CancelMessage) => {
    if (message.type === 'cancel') {
      if (current?.runId === message.runId) current.controller.abort();
      return;
    }
    void serve(message as Req);
  });
}
