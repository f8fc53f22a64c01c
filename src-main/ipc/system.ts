import type { BackendReport, Settings, SystemInfo } from '../../src-shared/contract/index.js';
import type { Handlers } from '../router/types.js';

export interface SystemDeps {
  appVersion: string;
  dataDir: string;
  capabilities: SystemInfo['capabilities'];
  versions: () => Record<string, string>;
  backend: () => Promise<BackendReport>;
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
      };
    },
    'settings.get': () => deps.settings.get(),
    'settings.update': (patch) => deps.settings.update(patch),
  };
}
