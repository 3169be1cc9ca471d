import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, apiChannel } from '../shared/api-methods';
import type { Api } from '../shared/api';

// Exactly the API contract, one function per method; nothing of Electron or Node reaches the page.
const api = Object.fromEntries(
  API_METHODS.map((method) => [method, (input?: unknown) => ipcRenderer.invoke(apiChannel(method), input)]),
) as Api;

contextBridge.exposeInMainWorld('paramsketch', api);
