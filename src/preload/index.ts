import { contextBridge } from 'electron';

// The typed API contract arrives with the editor; until then the renderer only learns where it runs.
contextBridge.exposeInMainWorld('paramsketch', { runtime: 'electron' });
