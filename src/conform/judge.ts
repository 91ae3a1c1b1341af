import type { CaseResult, ConformCase, StepOutcome } from './types.js';

const MAX_VIOLATIONS_NAMED = 3;

function describeActual(step: StepOutcome): string {
  if (step.transportError) return `no response (${step.transportError})`;
  if (step.status === undefined) return 'not sent';
  return String(step.status);
}

/**
 * A case passes when every step got its expected status and every response met all the
 * rules; the failures say what was expected and what came back. Pure.
 */
export function judgeCase(c: ConformCase, steps: StepOutcome[]): CaseResult {
  const failures: string[] = [];
  steps.forEach((step, i) => {
    const where = steps.length > 1 || c.steps.length > 1 ? `step ${i + 1}: ` : '';
    if (step.status !== step.expectStatus) failures.push(`${where}expected ${step.expectStatus}, got ${describeActual(step)}`);
    for (const v of step.violations.slice(0, MAX_VIOLATIONS_NAMED)) failures.push(`${where}${v.rule}: ${v.message}`);
    if (step.violations.length > MAX_VIOLATIONS_NAMED) failures.push(`${where}(+${step.violations.length - MAX_VIOLATIONS_NAMED} more violations)`);
  });
  if (steps.length < c.steps.length) failures.push(`step ${steps.length + 1} was not sent: the step before it failed`);
  return {
    id: c.id,
    group: c.group,
    title: c.title,
    ...(c.source ? { source: c.source } : {}),
    expected: c.steps.map((s) => s.expectStatus).join(' → '),
    actual: steps.map(describeActual).join(' → ') || 'not sent',
    ok: failures.length === 0,
    failures,
    ms: Math.round(steps.reduce((sum, s) => sum + s.ms, 0) * 10) / 10,
  };
}
