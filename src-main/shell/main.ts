// The Electron main process: window, menu, dialogs, media protocol and the IPC binding around the plain-Node app.
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { ImportSummary } from '../../src-shared/contract/index.js';
import { createApp, APP_VERSION, type App } from '../app/create-app.js';
import { DATA_DIR_ENV, resolveDataDir } from '../app/data-dir.js';
import { GrantedFileAccess } from '../app/granted-file-access.js';
import type { CallContext } from '../router/types.js';
import { filesPickHandler, filesPickSaveHandler, showImportSummary, showPickDialog, type PickKind } from './dialogs.js';
import { bindRouter, createCallContext } from './ipc-binding.js';
import { handleMediaProtocol, registerMediaScheme } from './media-protocol.js';
import { createMainWindow, installAppMenu } from './window.js';

/** `--data-dir DIR` or `--data-dir=DIR` anywhere in argv (Electron's own and Chromium's flags sit there too). */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === flag) return argv[i + 1];
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return undefined;
}

const log = (line: string): void => console.error(`[kintsugi] ${line}`);

const dataDirFlag = flagValue(process.argv, '--data-dir');
const dataDir = resolveDataDir(dataDirFlag);
// A chosen library gets its own Chromium profile, so the single-instance lock is per library (tests run beside a
// user's app); the default library keeps Electron's usual profile folder.
if (dataDirFlag !== undefined || process.env[DATA_DIR_ENV]) app.setPath('userData', join(dataDir, 'electron'));

registerMediaScheme(); // before 'ready'
app.enableSandbox();
app.setAboutPanelOptions({
  applicationName: 'Kintsugi',
  applicationVersion: APP_VERSION,
  copyright: 'MIT licence',
  credits: 'Restores images on this computer with TensorFlow.js. Nothing is uploaded.',
});

let mainWindow: BrowserWindow | null = null;
const getWindow = (): BrowserWindow | null => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

function showWindow(): void {
  const win = getWindow();
  if (!win) {
    mainWindow = createMainWindow();
    return;
  }
  if (win.isMinimized()) win.restore();
  win.focus();
}

/** File > Open Image… / Import Folder…: the same grant-then-import path the renderer's buttons take. */
async function importFromMenu(kapp: App, ctx: CallContext, kind: PickKind): Promise<void> {
  const paths = await showPickDialog(getWindow(), kind);
  if (paths.length === 0) return;
  ctx.files.grant(paths);
  const result = await kapp.router.invoke('library.import', { paths }, ctx);
  // The router has checked the answer against the contract's ImportSummary schema.
  if (result.ok) await showImportSummary(getWindow(), result.value as ImportSummary);
  else dialog.showErrorBox('Import failed', result.error.message);
}

async function start(): Promise<void> {
  await app.whenReady();
  const files = new GrantedFileAccess();
  const kapp = await createApp({ dataDir, host: 'electron', locale: app.getLocale(), extraHandlers: { 'files.pick': filesPickHandler(getWindow), 'files.pickSave': filesPickSaveHandler(getWindow) }, log });
  const ctx = createCallContext(getWindow, files);
  handleMediaProtocol(kapp.media, log);
  bindRouter(kapp.router, getWindow, ctx);
  installAppMenu({
    openImages: () => void importFromMenu(kapp, ctx, 'files'),
    importFolder: () => void importFromMenu(kapp, ctx, 'folder'),
  });
  showWindow();

  app.on('activate', showWindow); // macOS dock click
  app.on('window-all-closed', () => app.quit());
  // Quit waits for running work to stop and the library to close (App.close bounds the wait), then quits for real.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void kapp.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (app.isReady()) showWindow();
  });
  start().catch((err: unknown) => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`startup failed: ${message}`);
    dialog.showErrorBox('Kintsugi could not start', message);
    app.exit(1);
  });
}
