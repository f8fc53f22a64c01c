import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, Menu, shell, type MenuItemConstructorOptions, type Session } from 'electron';
import { secureWebPreferences } from './web-preferences.js';

/** Same policy as the renderer's meta tag (which is what covers file:// pages); sent as a header where there are headers. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob: kintsugi-media:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const BACKGROUND = '#14161a';

/** electron-vite's dev server in development, the built renderer otherwise. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev && !app.isPackaged) return dev;
  return pathToFileURL(join(import.meta.dirname, '..', 'renderer', 'index.html')).href;
}

/** Whether `url` is a page of this app: the dev server's origin, or exactly the built index.html. */
export function isAppUrl(url: string, appUrl: string = rendererUrl()): boolean {
  let target: URL;
  let home: URL;
  try {
    target = new URL(url);
    home = new URL(appUrl);
  } catch {
    return false;
  }
  if (home.protocol === 'file:') return target.protocol === 'file:' && target.pathname === home.pathname;
  return target.origin === home.origin;
}

function openIfWeb(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') void shell.openExternal(parsed.href);
}

/** Deny every permission (camera, notifications, …) and send the CSP with every response that has headers. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

/** The one window: isolated, sandboxed, no Node; it can navigate nowhere but the app and opens no windows. */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: 'Kintsugi',
    backgroundColor: BACKGROUND,
    show: false,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '..', 'preload', 'index.cjs')),
  });
  hardenSession(win.webContents.session);

  const appUrl = rendererUrl();
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url, appUrl)) return;
    event.preventDefault();
    openIfWeb(url);
  };
  win.webContents.on('will-navigate', guard);
  win.webContents.on('will-redirect', guard);
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    openIfWeb(url);
    return { action: 'deny' };
  });

  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl);
  return win;
}

export interface MenuActions {
  openImages(): void;
  importFolder(): void;
}

export function installAppMenu(actions: MenuActions): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Image…', accelerator: 'CmdOrCtrl+O', click: () => actions.openImages() },
        { label: 'Import Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.importFolder() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'About Kintsugi', click: () => app.showAboutPanel() }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
