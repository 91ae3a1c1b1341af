import { ExitCode } from '../errors.js';
import type { RunReport } from '../run-report.js';

/**
 * What a run's figures say about the target as a whole, apart from the thresholds: a conformant
 * error is still an error, and a run where nothing succeeded tells the user why. Pure.
 */

type Figures = Pick<RunReport, 'totals' | 'status' | 'transportErrors' | 'scenario'>;

/** Answers with a 2xx status. */
export function successes(report: Pick<RunReport, 'status'>): number {
  let n = 0;
  for (const [code, count] of Object.entries(report.status)) if (code.startsWith('2')) n += count;
  return n;
}

const int = (n: number) => n.toLocaleString('en-US');

function outcomes(report: Figures): string {
  return [...Object.entries(report.status), ...Object.entries(report.transportErrors)].map(([what, n]) => `${what} ${int(n)}`).join(', ');
}

/**
 * Why the run failed as a whole, or undefined: nothing succeeded (unless the scenario says
 * `expect: errors`), or something succeeded that the scenario said should be refused.
 */
export function wholeRunFailure(report: Figures): string | undefined {
  const t = report.totals;
  // Requests that failed on this machine (generator errors) never reached the target: they say nothing of it.
  if (t.requests - (t.generatorErrors ?? 0) === 0) return undefined;
  if (t.responses === 0) return `no request got an answer (${outcomes(report)})`;
  const succeeded = successes(report);
  if (report.scenario.expect === 'errors') return succeeded > 0 ? `the scenario expects errors, but ${int(succeeded)} of ${int(t.requests)} requests succeeded` : undefined;
  if (succeeded > 0) return undefined;
  const codes = Object.keys(report.status);
  if (codes.length === 1 && t.transportErrors === 0) return `every request was ${codes[0]!.startsWith('4') ? 'refused with' : 'answered'} ${codes[0]}`;
  return `no request succeeded (${outcomes(report)})`;
}

export interface OutcomeHints {
  /** The environment variable the key was read from. */
  apiKeyEnv: string;
  agents: readonly string[];
  /** How to name the target in a message: "the embedded mock" or its URL. */
  target: string;
}

function agentList(agents: readonly string[]): string {
  const shown = agents.slice(0, 3);
  const more = agents.length > shown.length ? ` (or one of ${agents.length - shown.length} more)` : '';
  return `${shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}` : (shown[0] ?? '')}${more}`;
}

/** What a status every request got suggests the user checks. */
function advice(status: string, hints: OutcomeHints): string {
  if (status === '401') return `check ${hints.apiKeyEnv} (${hints.target} does not accept the key)`;
  if (status === '403') return `the key may not use agent ${agentList(hints.agents)}, or the agent is disabled`;
  if (status === '404') return `does agent ${agentList(hints.agents)} exist (and is ${hints.target} the API's base URL)?`;
  if (status === '400') return "the bodies were refused: check the scenario's inputs and variables against what the agent requires";
  if (status === '429') return 'the target is rate-limiting: lower the load';
  if (status.startsWith('3')) return `${hints.target} redirects: is it the API's base URL?`;
  if (status.startsWith('5')) return `${hints.target} is failing`;
  return `${hints.target} answered ${status}`;
}

export interface Outcome {
  exitCode: ExitCode;
  /** Why the exit code is 3, said from what came back. */
  message?: string;
}

/**
 * The run's exit code: 3 when no request got an answer, or none succeeded (unless the scenario
 * says `expect: errors`); else 0 for a passing verdict and 1 for a failing one. An interrupt
 * (130) is the caller's to add.
 */
export function judgeOutcome(report: RunReport, hints: OutcomeHints): Outcome {
  const t = report.totals;
  const verdict = report.verdict === 'pass' ? ExitCode.pass : ExitCode.verdictFailed;
  if (t.requests - (t.generatorErrors ?? 0) === 0) return { exitCode: verdict };
  if (t.responses === 0) return { exitCode: ExitCode.targetUnusable, message: `no request got an answer from ${hints.target} (${outcomes(report)})` };
  if (successes(report) > 0 || report.scenario.expect === 'errors') return { exitCode: verdict };
  const codes = Object.keys(report.status);
  const hint = codes.map((code) => (codes.length > 1 ? `${code}: ${advice(code, hints)}` : advice(code, hints))).join('; ');
  const what = wholeRunFailure(report)!;
  return { exitCode: ExitCode.targetUnusable, message: `${what}: ${hint}; a scenario meant to test refusals says \`expect: errors\`` };
}

/** A loud line when errors passed only because no threshold bounds them; undefined otherwise. */
export function unboundedErrorsWarning(report: Pick<RunReport, 'totals' | 'thresholds' | 'scenario'>): string | undefined {
  const t = report.totals;
  if (t.errors === 0 || report.scenario.expect === 'errors' || report.thresholds.some((th) => /^\s*errorRate\s*(<|<=|==)/.test(th.expression))) return undefined;
  const share = `${+(t.errorRate * 100).toFixed(2)}%`;
  return `WARNING: ${int(t.errors)} of ${int(t.requests)} requests failed (${share}) and no threshold bounds errors: add "errorRate<1%" to the scenario's thresholds, or --threshold 'errorRate<1%'`;
}
