import type { BackendReport, Settings, SystemInfo } from '../../src-shared/contract/index.js';
import type { Handlers } from '../router/types.js';

export interface SystemDeps {
  appVersion: string;
  dataDir: string;
  capabilities: SystemInfo['capabilities'];
  versions: () => Record<string, string>;
  backend: () => Promise<BackendReport>;
  /** The host's language tag, where the host has one of its own (the Electron shell). */
  locale?: string;
  settings: { get(): Settings; update(patch: Partial<Settings>): Settings };
}

export function systemHandlers(deps: SystemDeps): Handlers {
  return {
    'system.info': async () => {
      const backend = await deps.backend();
      return {
        appVersion: deps.appVersion,
        capabilities: deps.capabilities,
        dataDir: deps.dataDir,
        platform: `${process.platform}-${process.arch}`,
        versions: { ...deps.versions(), ...(backend.tfjsVersion ? { tfjs: backend.tfjsVersion } : {}) },
        backend,
        ...(deps.locale ? { locale: deps.locale } : {}),
      };
    },
    'settings.get': () => deps.settings.get(),
    'settings.update': (patch) => deps.settings.update(patch),
  };
}
