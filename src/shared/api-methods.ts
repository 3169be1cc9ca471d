/**
 * The API contract's method names, apart from its schemas: the sandboxed preload can load no
 * dependency (such as zod), only what is bundled into it.
 */
export const API_METHODS = [
  'appInfo',
  'saveDesign',
  'openDesign',
  'latestDesign',
  'listDesigns',
  'designThumbnails',
  'renameDesign',
  'duplicateDesign',
  'trashDesign',
  'restoreDesign',
  'listSnapshots',
  'openSnapshot',
  'restoreSnapshot',
] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** IPC channel of a method; browser mode serves the same method at `/api/<method>`. */
export const apiChannel = (method: ApiMethod): string => `paramsketch:${method}`;
