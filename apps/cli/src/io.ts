/** Where a CLI command writes: its lines, and the streams progress output draws on. */
export interface Io {
  out: (line: string) => void;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}
