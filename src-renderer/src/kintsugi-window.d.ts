import type { PreloadBridge } from '../../src-shared/api.js';

declare global {
  interface Window {
    /** Present only inside the Electron shell, where the preload exposes it through contextBridge. */
    kintsugi?: PreloadBridge;
  }
}

export {};
