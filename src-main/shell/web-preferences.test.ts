import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences.js';

describe('window web preferences', () => {
  it('isolate and sandbox the renderer and give it no Node', () => {
    expect(secureWebPreferences('/app/preload/index.cjs')).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
