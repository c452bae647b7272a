// Benchmark (not a test): synth time and peak RSS of the example and of a large cluster, each as a ratio to a
// plain cdk8s-plus-28 app emitting the same objects, measured in the same run; static issuance time.
// Usage: npm run bench (compiled to JS first, so neither side pays for a TypeScript loader). Each scenario runs
// in its own process so its peak RSS is its own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApiObject, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ProductionMimirChart } from '../examples/main';
import { ClusterSize, EgressTarget, MimirCluster, MimirClusterProps, PrivateKeyAlgorithm, RuleEvaluation } from '../src';
import { issueCertificate, issueFromManifests } from '../src/issuer/local-issuer';

const WARMUP = 5;
const ITERATIONS = 31;

/** The large cluster: LARGE preset, 3 zones for ingester/store-gateway/alertmanager, every optional component and cache. */
export const LARGE: MimirClusterProps = {
  name: 'mimir', namespace: 'mimir', size: ClusterSize.LARGE, ruleEvaluation: RuleEvaluation.REMOTE,
  storage: { endpoint: 's3.example.com', blocksBucket: 'blocks', rulerBucket: 'rules', alertmanagerBucket: 'alerts', credentialsSecret: 's3' },
  egress: { objectStorage: EgressTarget.anyPublicAddress([443]) },
};

function mimirApp(kind: string): Chart {
  const app = Testing.app();
  if (kind === 'example') return new ProductionMimirChart(app, 'mimir');
  const chart = new Chart(app, 'large');
  new MimirCluster(chart, 'Mimir', LARGE);
  return chart;
}

/**
 * The same objects written directly with cdk8s-plus-28 (workloads, Services, ServiceAccounts) and plain
 * ApiObjects (PDBs, cert-manager objects), from the Mimir output captured beforehand (outside the timing).
 */
function plainApp(objects: any[]): Chart {
  const app = Testing.app();
  const chart = new Chart(app, 'plain');
  objects.forEach((o, i) => {
    const scope = new Construct(chart, `o${i}`);
    const metadata = { name: o.metadata.name, namespace: o.metadata.namespace, labels: o.metadata.labels };
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
      const service = o.kind === 'StatefulSet' ? new kplus.Service(scope, 'gov', { metadata: { name: `${o.metadata.name}-gov` }, clusterIP: 'None', ports: [{ port: 8080 }] }) : undefined;
      const w = o.kind === 'Deployment'
        ? new kplus.Deployment(scope, 'w', { metadata, replicas: o.spec.replicas, select: false })
        : new kplus.StatefulSet(scope, 'w', { metadata, replicas: o.spec.replicas, select: false, service: service! });
      w.select(kplus.LabelSelector.of({ labels: o.spec.selector.matchLabels }));
      o.spec.template.spec.containers.forEach((c: any, k: number) => w.addContainer({
        name: c.name, image: c.image, args: c.args,
        ports: c.ports.map((p: any) => ({ name: p.name, number: p.containerPort })),
        volumeMounts: (c.volumeMounts ?? []).map((m: any, j: number) => ({ path: m.mountPath, volume: kplus.Volume.fromEmptyDir(scope, `v${k}-${j}`, `${m.name}-${k}`) })),
        readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080, scheme: kplus.ConnectionScheme.HTTPS }),
      }));
    } else if (o.kind === 'Service') {
      new kplus.Service(scope, 's', { metadata, clusterIP: o.spec.clusterIP, ports: o.spec.ports.map((p: any) => ({ name: p.name, port: p.port, targetPort: p.targetPort })) });
    } else if (o.kind === 'ServiceAccount') {
      new kplus.ServiceAccount(scope, 'sa', { metadata, automountToken: false });
    } else if (o.kind === 'PodDisruptionBudget') {
      new kplus.k8s.KubePodDisruptionBudget(scope, 'pdb', { metadata, spec: o.spec });
    } else if (o.kind === 'Role' || o.kind === 'ClusterRole') {
      new ApiObject(scope, 'r', { apiVersion: o.apiVersion, kind: o.kind, metadata, rules: o.rules } as any);
    } else if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
      new ApiObject(scope, 'rb', { apiVersion: o.apiVersion, kind: o.kind, metadata, roleRef: o.roleRef, subjects: o.subjects } as any);
    } else if (/WebhookConfiguration$/.test(o.kind)) {
      new ApiObject(scope, 'wh', { apiVersion: o.apiVersion, kind: o.kind, metadata, webhooks: o.webhooks } as any);
    } else {
      // Custom resources (cert-manager, trust-manager) are plain ApiObjects in a plain app.
      new ApiObject(scope, 'cr', { apiVersion: o.apiVersion, kind: o.kind, metadata, spec: o.spec, ...(o.data ? { data: o.data, type: o.type } : {}) });
    }
  });
  return chart;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Times both apps in one process, alternating, after a warm-up: drift and GC hit both sides alike. */
function timeBoth(kind: string): { mimirMs: number; plainMs: number; objects: number } {
  const captured = Testing.synth(mimirApp(kind));
  const mimir: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    let t0 = performance.now();
    Testing.synth(mimirApp(kind));
    const m = performance.now() - t0;
    t0 = performance.now();
    Testing.synth(plainApp(captured));
    const p = performance.now() - t0;
    if (i >= WARMUP) { mimir.push(m); plain.push(p); }
  }
  return { mimirMs: median(mimir), plainMs: median(plain), objects: captured.length };
}

/** Peak RSS of one app alone, in its own process. */
function memoryOf(kind: string, which: string): number {
  const captured = which === 'plain' ? Testing.synth(mimirApp(kind)) : [];
  for (let i = 0; i < 5; i++) Testing.synth(which === 'plain' ? plainApp(captured) : mimirApp(kind));
  return process.resourceUsage().maxRSS / 1024;
}

function worker(scenario: string): void {
  const [what, kind, which] = scenario.split(':');
  console.log(JSON.stringify(what === 'time' ? timeBoth(kind) : { maxRssMb: memoryOf(kind, which) }));
}

function issuance(): { leaves20Ms: number; largeClusterMs: number; largeClusterCerts: number } {
  const now = new Date();
  const ca = issueCertificate({ commonName: 'bench CA', dnsNames: [], isCA: true, usages: ['cert sign', 'digital signature'], algorithm: 'ECDSA', size: 256, notBefore: now, notAfter: new Date(now.getTime() + 864e5) });
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) {
    issueCertificate({ dnsNames: [`leaf-${i}.mimir.svc`], isCA: false, usages: ['digital signature', 'server auth', 'client auth'], algorithm: PrivateKeyAlgorithm.ECDSA, size: 256, notBefore: now, notAfter: new Date(now.getTime() + 864e5) }, ca);
  }
  const leaves20Ms = performance.now() - t0;
  const manifests = Testing.synth(mimirApp('large'));
  const t1 = performance.now();
  const issued = issueFromManifests(manifests, { now });
  return { leaves20Ms, largeClusterMs: performance.now() - t1, largeClusterCerts: issued.secrets.size };
}

function main(): void {
  const run = (scenario: string) => JSON.parse(execFileSync(process.execPath, [...process.execArgv, __filename, scenario], { encoding: 'utf8' }).trim().split('\n').pop()!);
  const fmt = (n: number, d = 1) => n.toFixed(d);
  const rows = [
    `| cluster | objects | synth ms (median of ${ITERATIONS}) | plain cdk8s-plus ms | time ratio | peak RSS MB | plain peak RSS MB | RSS ratio |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const kind of ['example', 'large']) {
    const t = run(`time:${kind}`);
    const m = run(`memory:${kind}:mimir`).maxRssMb;
    const p = run(`memory:${kind}:plain`).maxRssMb;
    rows.push(`| ${kind} | ${t.objects} | ${fmt(t.mimirMs)} | ${fmt(t.plainMs)} | ${fmt(t.mimirMs / t.plainMs, 2)}× | ${fmt(m, 0)} | ${fmt(p, 0)} | ${fmt(m / p, 2)}× |`);
  }
  const iss = issuance();
  console.log(rows.join('\n'));
  console.log(`\nstatic issuance: 20 ECDSA P-256 leaves in ${fmt(iss.leaves20Ms)} ms; the large cluster's ${iss.largeClusterCerts} certificates (CA included) in ${fmt(iss.largeClusterMs)} ms`);
  console.log('targets: time ratio ≤ 1.5×, peak RSS < 200 MB, 20 leaves < 1000 ms');
  packageFigures();
  doctorFigures();
}

/**
 * The doctor on a large folder: the example cluster rendered into many namespaces (about 20 MB), run by the built
 * command in its own process; wall time and peak memory.
 */
function doctorFigures(): void {
  const root = [process.cwd(), join(__dirname, '..', '..')].find((d) => existsSync(join(d, 'lib', 'cli', 'main.js')));
  if (!root) return;
  const one = Testing.synth(mimirApp('example')).map((o) => Yaml.stringify(o)).join('---\n');
  const copies = Math.ceil(20e6 / Buffer.byteLength(one));
  const dir = mkdtempSync(join(tmpdir(), 'doctor-bench-'));
  const file = join(dir, 'many.yaml');
  writeFileSync(file, Array.from({ length: copies }, (_, i) => one.replace(/namespace: observability/g, `namespace: ns-${i}`).replace(/\.observability\.svc/g, `.ns-${i}.svc`)).join('---\n'));
  const mb = statSync(file).size / 1e6;
  const script = `const t=process.hrtime.bigint();const {main}=require(${JSON.stringify(join(root, 'lib', 'cli', 'main.js'))});const w=process.stdout.write.bind(process.stdout);process.stdout.write=()=>true;main(['doctor',${JSON.stringify(file)}]).then((code)=>{process.stdout.write=w;console.log(JSON.stringify({code,ms:Number(process.hrtime.bigint()-t)/1e6,rssMb:process.resourceUsage().maxRSS/1024}))})`;
  const r = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim().split('\n').pop()!);
  console.log(`\ndoctor: ${mb.toFixed(1)} MB (${copies} clusters) in ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.rssMb.toFixed(0)} MB, exit ${r.code}`);
  console.log('targets: 20 MB in a few seconds (< 5 s), peak RSS < 500 MB');
}

/**
 * The package as users install it: what `npm pack` would publish, and what `require('cdk8s-mimir')` costs on top of
 * cdk8s and cdk8s-plus (each measured in fresh processes, medians; the built package in lib/ is required).
 */
function packageFigures(): void {
  const root = [process.cwd(), join(__dirname, '..', '..')].find((d) => existsSync(join(d, 'lib', 'index.js')));
  if (!root) { console.log('\npackage: lib/ is not built (npm run build), no package figures'); return; }
  const timeOf = (code: string) => {
    const runs = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();${code};console.log(Number(process.hrtime.bigint()-t)/1e6)`], { cwd: root, encoding: 'utf8' }).trim()));
    return median(runs);
  };
  const base = timeOf("require('cdk8s');require('cdk8s-plus-28')");
  const full = timeOf("require('cdk8s');require('cdk8s-plus-28');require('./lib')");
  const reflect = execFileSync(process.execPath, ['-e', "require('./lib');console.log(typeof Reflect.getMetadata)"], { cwd: root, encoding: 'utf8' }).trim();
  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
  const maps = pack.files.filter((f: any) => f.path.endsWith('.map')).length;
  console.log(`\npackage: ${pack.entryCount} files, ${(pack.size / 1e6).toFixed(2)} MB packed, ${(pack.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${maps} source-map files`);
  console.log(`require: cdk8s + cdk8s-plus-28 ${base.toFixed(0)} ms; with cdk8s-mimir ${full.toFixed(0)} ms (+${(full - base).toFixed(0)} ms, ${(full / base).toFixed(2)}×); Reflect.getMetadata after require: ${reflect}`);
}

if (process.argv[2]) worker(process.argv[2]);
else main();
