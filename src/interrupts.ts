/**
 * Where Ctrl-C (SIGINT) and SIGTERM go. bin/chatload.js catches both from its first line, before
 * the sources load, and ends the process at once with exit 130; a command that can stop
 * gracefully (`run`, `mock`) takes them over while it runs.
 */
export interface Interrupts {
  /** Routes SIGINT and SIGTERM to `handler` until the returned function is called. */
  take(handler: () => void): () => void;
}

/** Listening on the process itself, for a caller that installed nothing earlier. */
export function processInterrupts(): Interrupts {
  return {
    take(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}
