import type { CaseResult, CaseStepResult, ConformCase, SentExcerpt, StepOutcome } from './types.js';

const MAX_VIOLATIONS_NAMED = 3;

function describeActual(step: StepOutcome): string {
  if (step.transportError) return `no response (${step.transportError})`;
  if (step.status === undefined) return 'not sent';
  return String(step.status);
}

const expectedOf = (step: { expectStatus: number; alsoAccept?: number[] }): number[] => [step.expectStatus, ...(step.alsoAccept ?? []).filter((s) => s !== step.expectStatus)];

/** "400", or "405 or 400/403/404". */
export function describeExpected(statuses: number[]): string {
  const [first, ...rest] = statuses;
  return rest.length ? `${first} or ${rest.join('/')}` : String(first);
}

const NOT_SENT: SentExcerpt = { method: '-', contentType: null, key: 'valid', bytes: 0, body: '(not sent)' };

/**
 * A case passes when every step got one of its expected statuses and every response met all the
 * rules (a 405 to an undeclared method must name POST in Allow); the failures say what was
 * expected and what came back. Pure.
 */
export function judgeCase(c: ConformCase, steps: StepOutcome[]): CaseResult {
  const failures: string[] = [];
  steps.forEach((step, i) => {
    const where = steps.length > 1 || c.steps.length > 1 ? `step ${i + 1}: ` : '';
    const expected = expectedOf(step);
    if (step.status === undefined || !expected.includes(step.status)) failures.push(`${where}expected ${describeExpected(expected)}, got ${describeActual(step)}`);
    if (step.status === 405 && step.sent && step.sent.method !== 'POST' && !/\bPOST\b/i.test(step.allow ?? '')) {
      failures.push(`${where}405 without an Allow header naming POST (${step.allow === undefined ? 'no Allow header' : `Allow: ${step.allow}`}); RFC 9110 §15.5.6 requires it`);
    }
    for (const v of step.violations.slice(0, MAX_VIOLATIONS_NAMED)) {
      // An undeclared status (413, 415, 429) is worth reading with the size that caused it.
      const size = v.rule === 'status-declared' && step.sent ? ` (the request body was ${step.sent.bytes.toLocaleString('en-US')} bytes)` : '';
      failures.push(`${where}${v.rule}: ${v.message}${size}`);
    }
    if (step.violations.length > MAX_VIOLATIONS_NAMED) failures.push(`${where}(+${step.violations.length - MAX_VIOLATIONS_NAMED} more violations)`);
  });
  if (steps.length < c.steps.length) failures.push(`step ${steps.length + 1} was not sent: the step before it failed`);
  const stepResults: CaseStepResult[] = c.steps.map((planned, i) => {
    const step = steps[i];
    return {
      sent: step?.sent ?? NOT_SENT,
      expected: expectedOf(planned),
      got: step
        ? {
            ...(step.status !== undefined ? { status: step.status } : {}),
            ...(step.transportError ? { transportError: step.transportError } : {}),
            ...(step.contentType !== undefined ? { contentType: step.contentType } : {}),
            ...(step.bodyExcerpt !== undefined ? { body: step.bodyExcerpt } : {}),
            violations: step.violations.map((v) => `${v.rule}: ${v.message}`),
          }
        : { violations: [] },
    };
  });
  return {
    id: c.id,
    group: c.group,
    title: c.title,
    ...(c.source ? { source: c.source } : {}),
    why: c.why,
    ...(c.assumption ? { assumption: c.assumption } : {}),
    expected: c.steps.map((s) => describeExpected(expectedOf(s))).join(' → '),
    actual: steps.map(describeActual).join(' → ') || 'not sent',
    ok: failures.length === 0,
    failures,
    ms: Math.round(steps.reduce((sum, s) => sum + s.ms, 0) * 10) / 10,
    steps: stepResults,
  };
}
