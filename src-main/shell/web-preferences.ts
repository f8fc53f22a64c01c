import type { WebPreferences } from 'electron';

/**
 * The renderer's isolation, in one place so it is tested without Electron: its own JS world (contextIsolation), an
 * OS-sandboxed process, no Node, and only the preload's one bridge object.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}
