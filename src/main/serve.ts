// `npm run serve`: browser mode on its own — the renderer and the API in any browser, on 127.0.0.1.
import { join } from 'node:path';
import { startBrowserMode } from './browser-mode';
import { MemoryDesignStore } from './design-store';
import { createServices } from './services';

const port = Number(process.env.PORT ?? 0);
const mode = await startBrowserMode({
  rendererDir: join(__dirname, '../renderer'),
  handlers: createServices('browser', new MemoryDesignStore()),
  port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0,
});
console.log(`Paramsketch (browser mode): ${mode.url}`);
console.log('Open that URL (with its #token) in a browser; Ctrl+C stops the server.');
