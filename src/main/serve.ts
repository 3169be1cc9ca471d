// `npm run serve`: browser mode on its own — the renderer and the API in any browser, on 127.0.0.1.
import { join } from 'node:path';
import { startBrowserMode } from './browser-mode';
import { createServices } from './services';
import { BackgroundSummaries, summaryWorkerAt } from './store/background-summaries';
import { appDataFolder, databasePath, openStore } from './store/open-store';

const port = Number(process.env.PORT ?? 0);
const store = (() => {
  try {
    return openStore({ path: databasePath(appDataFolder()) });
  } catch (error) {
    // Locked by a program that keeps even readers out, or unreadable: said plainly, the file left alone.
    console.error(`Paramsketch cannot open its design library: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
})();
// Closing checkpoints the WAL into the database file, so a stopped server leaves one file behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (store.close(), process.exit(0)));
const mode = await startBrowserMode({
  rendererDir: join(__dirname, '../renderer'),
  handlers: createServices('browser', store, new BackgroundSummaries(summaryWorkerAt(join(__dirname, 'summary-worker.js')))),
  port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0,
});
console.log(`Paramsketch (browser mode): ${mode.url}`);
console.log(`Designs are kept in ${store.location}`);
if (store.notice) console.warn(store.notice);
console.log('Open that URL (with its #token) in a browser; Ctrl+C stops the server.');
