import type { ChannelName, EventName, EventOf, ParsedRequestOf, ResponseOf } from '../../src-shared/contract/index.js';

/** Decides which files a caller may read and write. Electron: only what the user picked; server: the token holder. */
export interface FileAccess {
  /** Throws KintsugiError E_FORBIDDEN when `path` is outside what the user chose. */
  assertReadable(path: string): void;
  /** Throws KintsugiError E_FORBIDDEN when the app may not create or replace the file at `path` for the caller. */
  assertWritable(path: string): void;
  /** Record paths the user chose through a trusted picker (native dialog). */
  grant(paths: readonly string[]): void;
}

export interface CallContext {
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
  files: FileAccess;
}

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  ctx: CallContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** A host binds the handlers it supports; an unbound channel answers E_UNSUPPORTED. */
export type Handlers = { [C in ChannelName]?: Handler<C> };
