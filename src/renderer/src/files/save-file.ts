/**
 * Hands a file to the user. Where the browser offers a save dialog (the File System Access API) the user
 * picks the path there; otherwise it is a download, for which Electron shows its own save dialog.
 */
interface SavePicker {
  showSaveFilePicker?: (options: { suggestedName: string; types?: { description: string; accept: Record<string, string[]> }[] }) => Promise<{
    createWritable(): Promise<{ write(data: Blob): Promise<void>; close(): Promise<void> }>;
  }>;
}

/** Resolves false when the user cancelled the dialog. */
export async function saveFile(blob: Blob, suggestedName: string): Promise<boolean> {
  const picker = (window as unknown as SavePicker).showSaveFilePicker;
  if (picker) {
    try {
      const extension = suggestedName.slice(suggestedName.lastIndexOf('.'));
      const handle = await picker({ suggestedName, types: [{ description: extension.slice(1).toUpperCase(), accept: { [blob.type || 'application/octet-stream']: [extension] } }] });
      const writable = await handle.createWritable();
      await writable.write(blob);
      await writable.close();
      return true;
    } catch (error) {
      if ((error as Error).name === 'AbortError') return false;
      // Refused (e.g. no user gesture left after a slow render): fall back to a download.
    }
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = suggestedName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return true;
}

/** A file name from a design name: what file systems accept, never empty. */
export const fileNameOf = (name: string, extension: string): string =>
  `${name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim().slice(0, 120) || 'design'}.${extension}`;
