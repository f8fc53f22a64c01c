import type { z } from 'zod';
import { batchChannels, batchEvents } from './batch.js';
import type { ChannelSpec } from './channel.js';
import { colorizeChannels } from './colorize.js';
import { hintPresetChannels } from './colorize-hints.js';
import { filesChannels } from './files.js';
import { generateChannels } from './generate.js';
import { inpaintChannels, inpaintEvents } from './inpaint.js';
import { libraryChannels, libraryEvents } from './library.js';
import { masksChannels } from './masks.js';
import { modelsChannels, modelsEvents } from './models.js';
import { systemChannels } from './system.js';
import { trainingChannels, trainingEvents } from './training.js';

/** Every channel of the app, declared once. No channel name string lives anywhere else. */
export const channels = {
  ...systemChannels,
  ...filesChannels,
  ...libraryChannels,
  ...masksChannels,
  ...inpaintChannels,
  ...colorizeChannels,
  ...hintPresetChannels,
  ...modelsChannels,
  ...trainingChannels,
  ...batchChannels,
  ...generateChannels,
} as const satisfies Record<string, ChannelSpec>;

/** Push events main → renderer. */
export const events = {
  ...libraryEvents,
  ...inpaintEvents,
  ...modelsEvents,
  ...trainingEvents,
  ...batchEvents,
} as const satisfies Record<string, z.ZodType>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
/** What a caller passes (defaults may be omitted). */
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventOf<E extends EventName> = z.output<Events[E]>;

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

export * from './batch.js';
export * from './channel.js';
export * from './colorize.js';
export * from './colorize-hints.js';
export * from './error-schema.js';
export * from './files.js';
export * from './generate.js';
export * from './inpaint.js';
export * from './library.js';
export * from './masks.js';
export * from './models.js';
export * from './media.js';
export * from './system.js';
export * from './training.js';
