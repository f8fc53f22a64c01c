import { z } from 'zod';
import { LANGUAGE_CHOICES } from '../i18n/locales.js';
import { channel } from './channel.js';
import { PathSchema } from './files.js';
import { ExportFormatSchema } from './inpaint.js';

export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export const BackendNameSchema = z.enum(BACKEND_NAMES);
export const BackendPreferenceSchema = z.enum(['auto', ...BACKEND_NAMES]);

export const BackendAttemptSchema = z.object({
  name: BackendNameSchema,
  ok: z.boolean(),
  /** Why it was skipped or failed ("module not installed", "libcudnn not found", "not tried: forced wasm"). */
  reason: z.string().optional(),
  ms: z.number().nonnegative().optional(),
});

export const BackendReportSchema = z.object({
  /** The backend that runs, or null when none could load. */
  active: BackendNameSchema.nullable(),
  preference: BackendPreferenceSchema,
  attempts: z.array(BackendAttemptSchema),
  tfjsVersion: z.string().nullable(),
});

export const SettingsSchema = z.object({
  backend: BackendPreferenceSchema,
  /** Where the last image export went and in which format, proposed for the next one (unset until one is made). */
  exportFolder: PathSchema.optional(),
  exportFormat: ExportFormatSchema.optional(),
  /** The display language; unset follows the system. */
  language: z.enum(LANGUAGE_CHOICES).optional(),
});

export const SystemInfoSchema = z.object({
  appVersion: z.string(),
  /** What the host can do; the renderer adapts to capabilities, never to the transport. */
  capabilities: z.object({
    nativeDialogs: z.boolean(),
    browseFiles: z.boolean(),
  }),
  dataDir: z.string(),
  platform: z.string(),
  versions: z.record(z.string(), z.string()),
  backend: BackendReportSchema,
  /** The desktop's own language (Electron's app.getLocale()); absent in browser mode, where the browser's list is used. */
  locale: z.string().optional(),
});

export const systemChannels = {
  'system.info': channel({
    summary: 'Versions, data folder, capabilities and the compute backend that runs (and why).',
    request: z.object({}).strict(),
    response: SystemInfoSchema,
  }),
  'settings.get': channel({
    summary: 'Current settings.',
    request: z.object({}).strict(),
    response: SettingsSchema,
  }),
  'settings.update': channel({
    summary: 'Change some settings; returns all of them.',
    request: SettingsSchema.partial().strict(),
    response: SettingsSchema,
  }),
} as const;

export type BackendName = z.infer<typeof BackendNameSchema>;
export type BackendPreference = z.infer<typeof BackendPreferenceSchema>;
export type BackendAttempt = z.infer<typeof BackendAttemptSchema>;
export type BackendReport = z.infer<typeof BackendReportSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type SystemInfo = z.infer<typeof SystemInfoSchema>;
