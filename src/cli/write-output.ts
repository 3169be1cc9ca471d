// Writing what a command made to a file named on the command line.
import { writeFileSync } from 'node:fs';
import { systemReason } from './read-input';

/** Writes `contents` to `path`; the reason it could not, as a phrase, else undefined. */
export function writeOutput(path: string, contents: string | Uint8Array): string | undefined {
  try {
    writeFileSync(path, contents);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : systemReason(error);
  }
}
