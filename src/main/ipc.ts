import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { answer, API_METHODS, apiChannel, type ApiHandlers } from '../shared/api';

/** Only our own page may call: the bundled renderer (file://) or electron-vite's dev server. */
function fromOurRenderer(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  const dev = process.env.ELECTRON_RENDERER_URL;
  return url.startsWith('file://') || (dev !== undefined && url.startsWith(dev));
}

/** Answers every method of the API contract over IPC; payloads are validated by `answer`. */
export function serveApiOverIpc(handlers: ApiHandlers): void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), (event, payload: unknown) =>
      fromOurRenderer(event) ? answer(handlers, method, payload) : { ok: false, error: `${method}: refused, not from the app's own page` },
    );
  }
}
