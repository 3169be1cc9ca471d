import type { ApiHandlers, AppInfo } from '../shared/api';
import type { DesignStore } from './design-store';
import { version } from '../../package.json';

/** What main answers to the renderer, whatever the transport (Electron IPC or browser mode's HTTP). */
export function createServices(runtime: AppInfo['runtime'], store: DesignStore): ApiHandlers {
  return {
    appInfo: () => ({ runtime, version, storage: store.kind }),
    saveDesign: ({ id, sketch }) => store.save(sketch, id),
    openDesign: ({ id }) => store.open(id),
    latestDesign: () => store.latest(),
  };
}
