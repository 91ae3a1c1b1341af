import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { metricsSettings } from '../../../src/commands/metrics-endpoint.js';

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems[0];
  }
  throw new Error('no error');
};

describe('the metrics flags', () => {
  it('are off without --metrics-port; on with it, 127.0.0.1 and a 15 s linger by default', () => {
    expect(metricsSettings({})).toBeUndefined();
    expect(metricsSettings({ metricsPort: 9464 })).toEqual({ host: '127.0.0.1', port: 9464, lingerMs: 15_000 });
    expect(metricsSettings({ metricsPort: 0, metricsHost: '0.0.0.0', metricsLinger: '1m' })).toEqual({ host: '0.0.0.0', port: 0, lingerMs: 60_000 });
    expect(metricsSettings({ metricsPort: 1, metricsLinger: '2.5' })?.lingerMs).toBe(2500);
    expect(metricsSettings({ metricsPort: 1, metricsLinger: '0' })?.lingerMs).toBe(0);
  });

  it('name the flag and the fix for a bad value (exit 2)', () => {
    expect(problem(() => metricsSettings({ metricsPort: 70000 }))).toMatchObject({ file: '(command line)', field: '--metrics-port', fix: expect.stringContaining('--metrics-port 0') });
    expect(problem(() => metricsSettings({ metricsPort: 1.5 }))).toMatchObject({ field: '--metrics-port' });
    expect(problem(() => metricsSettings({ metricsPort: 9464, metricsLinger: 'soon' }))).toMatchObject({ field: '--metrics-linger', fix: expect.stringContaining('15s') });
    expect(problem(() => metricsSettings({ metricsPort: 9464, metricsHost: ' ' }))).toMatchObject({ field: '--metrics-host' });
    expect(problem(() => metricsSettings({ metricsHost: '0.0.0.0' }))).toMatchObject({ field: '--metrics-host', message: 'has no effect without --metrics-port' });
    expect(problem(() => metricsSettings({ metricsLinger: '5s' }))).toMatchObject({ field: '--metrics-linger' });
  });
});
