import type { ApiHandlers, AppInfo } from '../shared/api';
import type { BackgroundSummaries } from './store/background-summaries';
import type { DesignStore } from './store/design-store';
import type { Sketch } from '../shared/sketch';
import { version } from '../../package.json';

/**
 * What main answers to the renderer, whatever the transport (Electron IPC or browser mode's HTTP).
 * With `summaries`, a save's library summary is worked out in a worker while other requests are
 * answered (without, in the save itself: tests). Summaries come back in the order they were asked for
 * (one worker, in turn), so saves of one design are still written in the order they arrived.
 */
export function createServices(runtime: AppInfo['runtime'], store: DesignStore, summaries?: BackgroundSummaries): ApiHandlers {
  const summarise = (sketch: Sketch) => summaries?.summarise(sketch);
  return {
    appInfo: () => ({ runtime, version, storage: store.location, ...(store.notice ? { storageNotice: store.notice } : {}) }),
    saveDesign: async ({ id, sketch, snapshot }) => store.save(sketch, { id, snapshot, summary: await summarise(sketch) }),
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
    restoreSnapshot: async ({ snapshot }) => {
      const restored = store.openSnapshot(snapshot);
      return store.restoreSnapshot(snapshot, restored ? await summarise(restored.sketch) : undefined);
    },
  };
}
