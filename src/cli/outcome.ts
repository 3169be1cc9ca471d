/** What a command did: its exit status, what goes to the standard output, and lines for the standard error. */
export interface Outcome {
  /** 0 success, 1 a file could not be counted, read or written (diff: the designs differ), 2 a usage error. */
  code: 0 | 1 | 2;
  /** Text, or a picture's bytes (`export --png -`). */
  out?: string | Uint8Array;
  /** One line each, printed after `paramsketch: `. */
  errors?: string[];
}
