import { describe, expect, it } from 'vitest';
import { packageSteps, readDockerfile } from '../../helpers/dockerfile.js';

describe('Dockerfile', () => {
  const stages = readDockerfile();
  const [build, runtime] = stages;
  const keywords = (stage: typeof build) => stage!.instructions.map((i) => i.keyword);
  const of = (stage: typeof build, keyword: string) => stage!.instructions.filter((i) => i.keyword === keyword);

  it('builds in two stages from the Node 20 the project runs on', () => {
    expect(stages).toHaveLength(2);
    expect(build!.name).toBe('build');
    for (const stage of stages) expect(stage.image).toMatch(/^node:20\.20\.\d+-/);
    expect(runtime!.image).toBe(build!.image);
  });

  it('installs with npm ci, then packs and prunes to the production dependencies: the steps the e2e test runs', () => {
    const runs = of(build, 'RUN').map((i) => i.args);
    expect(runs.findIndex((r) => r === 'npm ci --no-audit --no-fund')).toBeGreaterThan(-1);
    expect(packageSteps(stages)).toEqual([
      'mkdir -p "$PACK" "$APP" && npm pack --ignore-scripts --silent --pack-destination "$PACK"',
      'tar -xzf "$PACK"/chatload-*.tgz -C "$APP" --strip-components=1',
      'cp package-lock.json "$APP"/ && cp -R node_modules "$APP"/node_modules',
      'cd "$APP" && npm prune --omit=dev --offline --no-audit --no-fund',
    ]);
    // The stage's ARGs are the two variables the steps use, and the runtime stage copies APP.
    expect(of(build, 'ARG').map((i) => i.args)).toEqual(['APP=/app', 'PACK=/tmp/pack']);
    expect(of(runtime, 'COPY').map((i) => i.text)).toEqual(['COPY --from=build /app /app']);
  });

  it('runs chatload as a non-root user, writing its reports to /reports', () => {
    const users = of(runtime, 'USER').map((i) => i.args);
    expect(users).toEqual(['node']);
    expect(keywords(runtime).lastIndexOf('USER')).toBeGreaterThan(keywords(runtime).lastIndexOf('RUN'));
    expect(of(runtime, 'ENTRYPOINT').map((i) => i.args)).toEqual(['["chatload"]']);
    const setup = of(runtime, 'RUN').map((i) => i.args).join(' && ');
    expect(setup).toContain('ln -s /app/bin/chatload.js /usr/local/bin/chatload');
    expect(setup).toContain('chown node:node /reports');
    // The default output folder, reports/<run-id>, is relative to the working folder.
    expect(of(runtime, 'WORKDIR').map((i) => i.args)).toEqual(['/']);
    expect(of(runtime, 'VOLUME').map((i) => i.args)).toEqual(['["/reports"]']);
  });
});
