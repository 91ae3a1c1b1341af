import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/commands/io.js';
import { runScenario } from '../../src/commands/run.js';
import { tempDir } from '../helpers/cli.js';

/** Buffers stdout and stderr apart; `isTty` is stdout's, `errIsTty` stderr's. */
function terminalIo(isTty: boolean, errIsTty: boolean): CommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), isTty, errIsTty, errColumns: () => 60, stdout: () => out, stderr: () => err };
}

describe('run: the verdict on a terminal', () => {
  it('is coloured when stdout is a terminal or FORCE_COLOR is set, never under NO_COLOR; the progress line follows stderr', async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    const scenario = join(dir, 'tiny.yaml');
    // Long enough for one redraw of the progress line (every 500 ms on a terminal).
    await writeFile(scenario, 'name: tiny\nagents: [a1]\ninputs: [hi]\nload: { rate: 20, duration: 1200ms }\n');
    const run = async (io: ReturnType<typeof terminalIo>, env: NodeJS.ProcessEnv) => {
      const result = await runScenario({ scenario, out: join(dir, String(Math.random()).slice(2)), env }, io);
      expect(result.exitCode).toBe(0);
      return io;
    };
    const tty = await run(terminalIo(true, false), {});
    expect(tty.stdout()).toContain('  verdict    \x1b[1;32mPASS\x1b[0m\n');
    // stderr is no terminal here: plain lines, never a redraw, whatever stdout is.
    expect(tty.stderr()).not.toContain('\x1b[2K');
    expect((await run(terminalIo(true, true), { NO_COLOR: '1' })).stdout()).toContain('  verdict    PASS\n');
    expect((await run(terminalIo(false, false), { FORCE_COLOR: '1' })).stdout()).toContain('  verdict    \x1b[1;32mPASS\x1b[0m\n');
    const piped = await run(terminalIo(false, true), {});
    expect(piped.stdout()).toContain('  verdict    PASS\n');
    // stdout piped, stderr a 60-column terminal: the progress line is redrawn there, within 59 columns.
    const redraws = piped.stderr().split('\r\x1b[2K').filter(Boolean);
    expect(redraws.length).toBeGreaterThan(0);
    for (const line of redraws) expect(line.length).toBeLessThan(60);
  });
});
