// One file out of a zip archive (a .keras model), read with a bound on what it inflates to and its CRC-32
// checked. fflate's unzipSync inflates an entry whole before anything can look at its size: a 205 KB archive
// whose config.json inflates to 200 MB took 1.1 GB, and past ~512 MB failed with a misleading encoding error.
import { Inflate, strFromU8 } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (the two a .keras archive uses). */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where its local header starts. */
  offset: number;
}

/** Compressed bytes handed to the inflater at a time: at most ~1,032 times as many (16 MB) come out of each. */
const STEP = 16_384;
const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** The CRC-32 zip records of every entry (fflate keeps its own internal). */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** The archive's entries, from its central directory; a string says why they cannot be read. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | string {
  // The end record sits in the last 22 + 65,535 bytes (its comment may be that long).
  let end = -1;
  for (let o = bytes.length - 22; o >= Math.max(0, bytes.length - 22 - 0xffff) && end < 0; o--) if (u32(bytes, o) === END_OF_DIRECTORY) end = o;
  if (end < 0) return 'it has no zip directory (is the file cut short?)';
  const entries: ZipEntry[] = [];
  let at = u32(bytes, end + 16);
  for (let k = u16(bytes, end + 10); k > 0; k--) {
    if (at + 46 > bytes.length || u32(bytes, at) !== DIRECTORY_ENTRY) return 'its zip directory is damaged';
    const nameLength = u16(bytes, at + 28);
    entries.push({
      name: strFromU8(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: u16(bytes, at + 10),
      crc: u32(bytes, at + 16),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      offset: u32(bytes, at + 42),
    });
    at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return entries;
}

/** What an entry reads to: its bytes, `tooLarge` past the limit (nothing past it is kept), or why it is damaged. */
export type EntryRead = { bytes: Uint8Array } | { tooLarge: true } | { damaged: string };

export function readEntry(archive: Uint8Array, entry: ZipEntry, limit: number): EntryRead {
  const o = entry.offset;
  if (o + 30 > archive.length || u32(archive, o) !== LOCAL_HEADER) return { damaged: `${entry.name} is not where the directory says` };
  const start = o + 30 + u16(archive, o + 26) + u16(archive, o + 28);
  const data = archive.subarray(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize) return { damaged: `${entry.name} is cut short` };
  // An archive says what each entry inflates to: past the limit it is refused at once. One that says less than
  // it holds is caught while inflating, and by the size check after.
  if (entry.size > limit) return { tooLarge: true };
  let bytes: Uint8Array;
  if (entry.method === 0) {
    if (data.length > limit) return { tooLarge: true };
    bytes = data;
  } else if (entry.method === 8) {
    const inflated = inflateUpTo(data, limit);
    if (typeof inflated === 'string') return { damaged: `${entry.name} does not inflate (${inflated})` };
    if (!inflated) return { tooLarge: true };
    bytes = inflated;
  } else return { damaged: `${entry.name} uses compression method ${entry.method}, which a .keras archive does not` };
  if (bytes.length !== entry.size || crc32(bytes) !== entry.crc) return { damaged: `${entry.name} does not match its checksum` };
  return { bytes };
}

/** DEFLATE data inflated, or undefined as soon as it passes `limit` bytes; a string when it is not DEFLATE. */
function inflateUpTo(data: Uint8Array, limit: number): Uint8Array | undefined | string {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  try {
    for (let k = 0; size <= limit; k += STEP) {
      const last = k + STEP >= data.length;
      inflater.push(data.subarray(k, k + STEP), last);
      if (last) break;
    }
  } catch (error) {
    return (error as Error).message;
  }
  if (size > limit) return undefined;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) out.set(chunk, (at += chunk.length) - chunk.length);
  return out;
}
