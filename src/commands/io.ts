/** Where a command prints: the CLI passes the process streams, tests pass buffers. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (the summary's verdict is coloured there). */
  isTty: boolean;
  /** True when stderr is an interactive terminal: the progress line, written there, is redrawn in place. Absent: not a terminal. */
  errIsTty?: boolean;
  /** The terminal's width, when stderr is one (read at each redraw, so a resize counts). */
  errColumns?: () => number | undefined;
}

export function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
    errIsTty: Boolean(process.stderr.isTTY),
    errColumns: () => process.stderr.columns,
  };
}
