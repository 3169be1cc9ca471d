import { ipcMain } from 'electron';
import { answer, API_METHODS, apiChannel, type ApiHandlers } from '../shared/api';
import { isAppPage } from './electron/app-protocol';

/**
 * Answers every method of the API contract over IPC; payloads are validated by `answer`. Only our own
 * page may call: the bundled renderer at app://paramsketch, or electron-vite's dev server in development.
 */
export function serveApiOverIpc(handlers: ApiHandlers, devServerUrl: string | undefined): void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), (event, payload: unknown) =>
      isAppPage(event.senderFrame?.url ?? '', devServerUrl) ? answer(handlers, method, payload) : { ok: false, error: `${method}: refused, not from the app's own page` },
    );
  }
}
