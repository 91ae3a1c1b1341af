/** Exit codes a CI can act on (see README "Exit codes"). */
export const ExitCode = {
  pass: 0,
  verdictFailed: 1,
  badInput: 2,
  targetUnusable: 3,
  /** The run finished (the summary was printed) but its report files could not be written. */
  reportsNotWritten: 4,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user can act on: it carries a stable code, an exit code and never a stack trace. */
export class ChatloadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem in an input file: where it is and how to fix it. */
export interface InputProblem {
  file: string;
  field: string;
  message: string;
  fix?: string;
}

export function formatProblem(p: InputProblem): string {
  const where = p.field ? `${p.file}: ${p.field}` : p.file;
  return `${where}: ${p.message}${p.fix ? ` (fix: ${p.fix})` : ''}`;
}

/** Bad scenario, data file or flag: exit 2, every problem listed at once. */
export class InputError extends ChatloadError {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join('\n'), 'BAD_INPUT', ExitCode.badInput);
  }

  static single(file: string, field: string, message: string, fix?: string): InputError {
    return new InputError([{ file, field, message, ...(fix ? { fix } : {}) }]);
  }
}

export class UsageError extends ChatloadError {
  constructor(message: string) {
    super(message, 'BAD_USAGE', ExitCode.badInput);
  }
}

/** Nothing answered: the target is down, refused every connection or is misconfigured. */
export class TargetError extends ChatloadError {
  constructor(message: string) {
    super(message, 'TARGET_UNUSABLE', ExitCode.targetUnusable);
  }
}

/** The message of a Ctrl-C before the first request went out. */
export const INTERRUPTED_BEFORE_SENDING = 'interrupted before any request was sent';

/** Ctrl-C before anything was measured: nothing to report, nothing sent. */
export class InterruptedError extends ChatloadError {
  constructor(message: string) {
    super(message, 'INTERRUPTED', ExitCode.interrupted);
  }
}
