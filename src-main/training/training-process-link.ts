import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { TrainingReply, TrainingRequest } from '../../src-shared/workers/training-messages.js';

/** What the service needs of a training child process; `forkTrainingProcess()`'s ChildProcess is one, tests fake it. */
export interface TrainingProcess extends EventEmitter {
  send(message: TrainingRequest, callback?: (error: Error | null) => void): boolean;
  kill(signal?: NodeJS.Signals | number): boolean;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
}

/** How a training process ended, as far as the operating system tells. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It could not be started, or its channel broke. */
  error: Error | null;
  /** The end of what it printed (stdout and stderr), for a crash's reason. */
  output: string;
  /** The link killed it because it did not end in time after a pause or stop. */
  killedAfterTimeout: boolean;
}

export interface LinkHandlers {
  message(reply: TrainingReply): Promise<void> | void;
  exit(exit: ProcessExit): Promise<void> | void;
  /** A handler threw: logged, and the link goes on with the next message. */
  log(line: string): void;
}

/** Characters of output kept for the failure reason: enough for a stack trace's top, bounded for a chatty process. */
const TAIL_CHARS = 4000;

/**
 * One training process, seen from the main process: its messages and its end are handled one at a time, in order
 * (a step's losses are stored before the checkpoint that follows them), its output's tail is kept for a crash's reason,
 * and `end()` asks it to pause or stop and kills it when it does not end in time.
 */
export class TrainingProcessLink {
  /** Resolves once the process is gone and its exit has been handled. */
  readonly finished: Promise<void>;
  readonly #child: TrainingProcess;
  readonly #handlers: LinkHandlers;
  #queue: Promise<void> = Promise.resolve();
  #tail = '';
  #gone = false;
  #detached = false;
  #killedAfterTimeout = false;
  #resolveFinished: () => void = () => {};

  constructor(child: TrainingProcess, handlers: LinkHandlers) {
    this.#child = child;
    this.#handlers = handlers;
    this.finished = new Promise((resolve) => (this.#resolveFinished = resolve));
    // Both pipes are read to the end, or a chatty process would block once a pipe's buffer is full.
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => (this.#tail = (this.#tail + chunk).slice(-TAIL_CHARS)));
    }
    // Replies come from our own process over its IPC channel, typed by the shared message contract.
    child.on('message', (reply: TrainingReply) => this.#enqueue(() => this.#handlers.message(reply)));
    // 'close' comes after the pipes are drained, so the tail is complete; 'error' alone means it never started.
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => this.#onGone(code, signal, null));
    child.on('error', (error: Error) => this.#onGone(null, null, error));
  }

  get running(): boolean {
    return !this.#gone;
  }

  /** Send a request; a process that is already gone is reported by its exit, not here. */
  send(request: TrainingRequest): void {
    if (this.#gone) return;
    try {
      this.#child.send(request, () => {});
    } catch {
      // The channel closed under us: 'close' follows and says why.
    }
  }

  /** Ask the process to pause or stop; when it has not ended after `timeoutMs`, kill it. Resolves once it is gone. */
  async end(request: Extract<TrainingRequest, { type: 'pause' | 'stop' }>, timeoutMs: number): Promise<void> {
    this.send(request);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
    const late = await Promise.race([this.finished.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late) {
      this.#killedAfterTimeout = true;
      this.#child.kill('SIGKILL');
      await this.finished;
    }
  }

  /** Stop handling anything (the app is closing: its database is about to close). The process is left to end. */
  detach(): void {
    this.#detached = true;
  }

  #onGone(code: number | null, signal: NodeJS.Signals | null, error: Error | null): void {
    if (this.#gone) return;
    this.#gone = true;
    const exit: ProcessExit = { code, signal, error, output: this.#tail, killedAfterTimeout: this.#killedAfterTimeout };
    this.#enqueue(() => this.#handlers.exit(exit));
    void this.#queue.then(() => this.#resolveFinished());
  }

  #enqueue(work: () => Promise<void> | void): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#detached) return;
      try {
        await work();
      } catch (err) {
        this.#handlers.log(`training message handling failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    });
  }
}
