import type { ApiHandlers, AppInfo } from '../shared/api';
import type { DesignStore } from './store/design-store';
import { version } from '../../package.json';

/** What main answers to the renderer, whatever the transport (Electron IPC or browser mode's HTTP). */
export function createServices(runtime: AppInfo['runtime'], store: DesignStore): ApiHandlers {
  return {
    appInfo: () => ({ runtime, version, storage: store.location, ...(store.notice ? { storageNotice: store.notice } : {}) }),
    saveDesign: ({ id, sketch, snapshot }) => store.save(sketch, { id, snapshot }),
    openDesign: ({ id }) => store.open(id),
    latestDesign: () => store.latest(),
    listDesigns: ({ trash }) => store.list({ trash }),
    designThumbnails: ({ ids }) => store.thumbnails(ids),
    renameDesign: ({ id, name }) => store.rename(id, name),
    duplicateDesign: ({ id }) => store.duplicate(id),
    trashDesign: ({ id }) => (store.setDeleted(id, true), true),
    restoreDesign: ({ id }) => (store.setDeleted(id, false), true),
    listSnapshots: ({ id }) => store.snapshots(id),
    openSnapshot: ({ snapshot }) => store.openSnapshot(snapshot),
    restoreSnapshot: ({ snapshot }) => store.restoreSnapshot(snapshot),
  };
}
