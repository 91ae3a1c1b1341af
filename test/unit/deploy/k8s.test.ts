import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { prepareRun } from '../../../src/commands/run.js';
import { ROOT, tempDir } from '../../helpers/cli.js';

const DIR = join(ROOT, 'deploy', 'k8s');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// Kubernetes objects are open-ended; the test reads the few fields it checks.
type Obj = { kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string>; stringData?: Record<string, string> };

const objects: Obj[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((doc) => {
      expect(doc.errors, f).toEqual([]);
      return doc.toJS() as Obj;
    }),
  );
const one = (kind: string, name: string) => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0]!;
};
const shards = one('Job', 'chatload-shards');
const merge = one('Job', 'chatload-merge');
const containerOf = (job: Obj) => job.spec.template.spec.containers[0];
const script = (job: Obj) => (containerOf(job).args as string[]).join(' ');

describe('deploy/k8s', () => {
  it('runs the image the Dockerfile builds, tagged with the package version, as a non-root user', () => {
    for (const job of [shards, merge]) {
      expect(containerOf(job).image).toBe(`chatload:${VERSION}`);
      expect(job.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(containerOf(job).command).toEqual(['sh', '-c']);
    }
  });

  it('runs one shard per pod of an Indexed Job, all at once, and the shard count agrees everywhere', () => {
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4 });
    const count = shards.spec.completions as number;
    expect(script(shards)).toContain(`--shard $((JOB_COMPLETION_INDEX + 1))/${count}`);
    expect(script(shards)).toContain('--out /reports/shard-$JOB_COMPLETION_INDEX');
    expect(script(merge)).toContain('chatload merge /reports/shard-*/report.json --out /reports/merged');
    // The merge gate: absolute volumes of the whole run.
    expect(script(merge)).toMatch(/--threshold 'rps>\d+' --threshold 'requests>\d+'/);
  });

  it('takes the key from the Secret and the start instant from the chatload-start ConfigMap', () => {
    const secret = one('Secret', 'sigmamind-api-key');
    const env = Object.fromEntries((containerOf(shards).env as { name: string; valueFrom: unknown }[]).map((e) => [e.name, e.valueFrom]));
    expect(env.SIGMAMIND_API_KEY).toEqual({ secretKeyRef: { name: secret.metadata.name, key: Object.keys(secret.stringData!)[0] } });
    expect(env.START_AT).toEqual({ configMapKeyRef: { name: 'chatload-start', key: 'at' } });
    expect(script(shards)).toContain('--start-at "$START_AT"');
    expect(JSON.stringify(merge)).not.toContain('SIGMAMIND_API_KEY');
  });

  it('mounts the same reports claim in both Jobs and the scenario ConfigMap the shards run', async () => {
    one('PersistentVolumeClaim', 'chatload-reports');
    for (const job of [shards, merge]) {
      const volumes = job.spec.template.spec.volumes as { name: string; persistentVolumeClaim?: { claimName: string } }[];
      const mount = (containerOf(job).volumeMounts as { name: string; mountPath: string }[]).find((m) => m.mountPath === '/reports')!;
      expect(volumes.find((v) => v.name === mount.name)!.persistentVolumeClaim).toEqual({ claimName: 'chatload-reports' });
    }
    const scenarios = one('ConfigMap', 'chatload-scenario');
    const [file, text] = Object.entries(scenarios.data!)[0]!;
    expect(script(shards)).toContain(`chatload run /scenarios/${file}`);
    // The scenario is valid, and splits 4 ways.
    const path = join(await tempDir(), file);
    await writeFile(path, text);
    const prepared = await prepareRun({ scenario: path, shard: `1/${shards.spec.completions}`, dryRun: true, env: { SIGMAMIND_API_KEY: 'sk-k8s-test' } }, { out() {}, err() {}, isTty: false });
    const plan = prepared.plan;
    if (plan.model !== 'open') throw new Error(`the scenario plans the ${plan.model} model`);
    expect(plan.rate).toBe(50);
    // Each shard's requests fit under the cap it is given.
    const maxRequests = Number(/--max-requests (\d+)/.exec(script(shards))![1]);
    expect(maxRequests).toBeGreaterThanOrEqual(plan.rate * (plan.durationMs! / 1000));
  });
});
