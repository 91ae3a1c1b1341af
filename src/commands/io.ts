/** Where a command prints: the CLI passes the process streams, tests pass buffers. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (progress lines are redrawn there). */
  isTty: boolean;
}

export function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
  };
}
