import { app, BrowserWindow, dialog, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { answerAppRequest, APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES } from './electron/app-protocol';
import { mayOpenExternally } from './electron/external-links';
import { denyAllPermissions } from './electron/permissions';
import { serveApiOverIpc } from './ipc';
import { createServices } from './services';
import { BackgroundSummaries, summaryWorkerAt } from './store/background-summaries';
import { databasePath, nativeBindingFor, openStore } from './store/open-store';

/** electron-vite's dev server, in development only: a packaged app never loads anything but app://. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Paramsketch',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  // The renderer is a local app: it never navigates away or opens windows; allowed links go to the OS browser.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternally(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  void window.loadURL(devServerUrl ?? APP_INDEX_URL);
}

// Evaluating a design allocates many short-lived objects per layer; a larger young generation keeps
// V8's scavenges from dominating (measured in Node on a 10,000-layer graph: about 20 ms → 12 ms).
app.commandLine.appendSwitch('js-flags', '--max-semi-space-size=64');
// Must happen before the app is ready: app:// gets an origin of its own and is a secure context.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

void app.whenReady().then(() => {
  denyAllPermissions(session.defaultSession);
  const rendererDir = join(__dirname, '../renderer');
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(request.url, rendererDir));
  let store;
  try {
    store = openStore({ path: databasePath(app.getPath('userData')), nativeBinding: nativeBindingFor(process.versions, app.getAppPath()) });
  } catch (error) {
    // Locked by a program that keeps even readers out, or a missing SQLite build: say so, leave the file alone.
    dialog.showErrorBox('Paramsketch cannot open its design library', error instanceof Error ? error.message : String(error));
    return app.quit();
  }
  const summaries = new BackgroundSummaries(summaryWorkerAt(join(__dirname, 'summary-worker.js')));
  app.on('will-quit', () => (summaries.close(), store.close()));
  serveApiOverIpc(createServices('electron', store, summaries), devServerUrl);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
