// Properties every synthesized cluster must have, checked over several definitions. Tables come from the
// cluster's own edge list and manifests, so a new component or edge is covered without new test code.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { DefinitionCase, DEFINITION_CASES } from './_definitions';
import { argsOf, BASE, findObject, mimirContainer, objectsOfKind, PRODUCT_CONTAINERS, synth } from './_helpers';
import { MEMCACHED, REDIS } from '../src/core/catalog/caches';
import { RELOADER_METRICS_PORT } from '../src/core/cluster/rotation';
import { ROLLOUT_OPERATOR_PORTS } from '../src/core/names';

interface Case {
  readonly name: string;
  /** The cluster keeps the default server policy (gRPC RequireAndVerify, HTTP VerifyIfGiven, TLS 1.2+). */
  readonly defaultPolicy?: boolean;
  readonly manifests: any[];
  readonly edges: { prefix: string; from: string; to: string; protocol: string; discovery: string; serverName: string; port: number; tls: string }[];
  readonly cluster: string;
  readonly model: any;
}

function toCase(d: DefinitionCase): Case {
  const chart = d.make();
  const cluster = chart.node.findChild('Mimir') as any;
  return { name: d.name, defaultPolicy: d.defaultPolicy, manifests: Testing.synth(chart), edges: cluster.edges, cluster: cluster._model.name, model: cluster._model };
}

const CASES: Case[] = DEFINITION_CASES.map(toCase);

function allWorkloads(manifests: any[]): any[] {
  return manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet');
}
/** Workloads running Mimir (not memcached, not the rollout-operator). */
function workloads(manifests: any[]): any[] {
  return allWorkloads(manifests).filter((w) => w.spec.template.spec.containers.some((x: any) => PRODUCT_CONTAINERS.includes(x.name)));
}
/** Every workload of a component or cache: one, or one per zone. */
function workloadsFor(c: Case, target: string): any[] {
  const found = allWorkloads(c.manifests).filter((w) => w.metadata.labels['app.kubernetes.io/component'] === target);
  if (found.length === 0) throw new Error(`no workload for ${target}`);
  return found;
}
function containerOf(workload: any, name: string): any {
  return workload.spec.template.spec.containers.find((x: any) => x.name === name);
}
function certificateFor(c: Case, target: string): any {
  return objectsOfKind(c.manifests, 'Certificate').find((x) => x.metadata.labels?.['app.kubernetes.io/component'] === target);
}
function mountedDirs(workload: any, container = mimirContainer(workload).name): { path: string; readOnly: boolean; volume: any }[] {
  const spec = workload.spec.template.spec;
  const claims = (workload.spec.volumeClaimTemplates ?? []).map((t: any) => ({ name: t.metadata.name, pvc: true }));
  return (containerOf(workload, container).volumeMounts ?? []).map((m: any) => ({
    path: m.mountPath,
    readOnly: m.readOnly === true,
    volume: (spec.volumes ?? []).find((v: any) => v.name === m.name) ?? claims.find((v: any) => v.name === m.name),
  }));
}
function imageVersion(workload: any): string {
  return /(?:mimir|cortex):v?(\d+\.\d+\.\d+)/.exec(mimirContainer(workload).image)![1];
}

describe.each(CASES)('$name', (c) => {
  test('has edges', () => {
    expect(c.edges.length).toBeGreaterThan(0);
  });

  test('every edge: complete client TLS flags on every client pod, verified server name in the server certificate', () => {
    for (const e of c.edges.filter((x) => x.tls !== 'disabled')) {
      const where = `${e.from} → ${e.to} (${e.prefix})`;
      for (const client of workloadsFor(c, e.from)) {
        const args = argsOf(client);
        // The complete block is every tls-* flag the version has for the prefix (Cortex's clients have no
        // min-version or cipher-suites, its ruler → alertmanager client no tls-enabled: TLS follows the URL).
        const has = (f: string) => (c.model.version.flags as ReadonlySet<string>).has(`${e.prefix}.tls-${f}`);
        if (has('enabled')) expect([where, args.get(`${e.prefix}.tls-enabled`)]).toEqual([where, 'true']);
        else expect([where, has('ca-path')]).toEqual([where, true]);
        const parts = (e.tls === 'server-only' && e.protocol !== 'memberlist' ? ['ca-path', 'server-name', 'min-version', 'cipher-suites'] : ['cert-path', 'key-path', 'ca-path', 'server-name', 'min-version', 'cipher-suites']).filter(has);
        expect([where, parts.length >= 2]).toEqual([where, true]);
        for (const f of parts) {
          expect([where, f, args.has(`${e.prefix}.tls-${f}`)]).toEqual([where, f, true]);
        }
        expect([where, args.get(`${e.prefix}.tls-server-name`)]).toEqual([where, e.serverName]);
        const dirs = mountedDirs(client).map((d) => d.path);
        for (const f of ['cert-path', 'key-path', 'ca-path'].filter((x) => args.has(`${e.prefix}.tls-${x}`))) {
          const path = args.get(`${e.prefix}.tls-${f}`)!;
          expect([where, f, dirs.some((d) => path.startsWith(`${d}/`))]).toEqual([where, f, true]);
        }
      }
      expect([where, certificateFor(c, e.to).spec.dnsNames]).toEqual([where, expect.arrayContaining([e.serverName])]);
    }
  });

  test('a disabled edge says so explicitly (tls-enabled=false), memcached aside', () => {
    for (const e of c.edges.filter((x) => x.tls === 'disabled' && x.protocol !== 'memcached')) {
      for (const client of workloadsFor(c, e.from)) expect([e.prefix, argsOf(client).get(`${e.prefix}.tls-enabled`)]).toEqual([e.prefix, 'false']);
    }
  });

  test('every edge: every server pod serves TLS on the dialled protocol with the certificate of its own Secret', () => {
    for (const e of c.edges.filter((x) => x.tls !== 'disabled')) {
      const tlsSecret = certificateFor(c, e.to).spec.secretName;
      for (const server of workloadsFor(c, e.to)) {
        if (e.protocol === 'memcached') {
          const args: string[] = containerOf(server, 'memcached').args;
          const dir = mountedDirs(server, 'memcached').find((d) => d.volume?.secret?.secretName === tlsSecret)!;
          expect(args).toContain('-Z');
          expect(args.join(' ')).toContain(`ssl_chain_cert=${dir.path}/tls.crt,ssl_key=${dir.path}/tls.key`);
          expect(args.join(' ')).toContain('ssl_verify_mode=2');
          continue;
        }
        if (e.protocol === 'redis') {
          const args: string[] = containerOf(server, 'redis').args;
          const dir = mountedDirs(server, 'redis').find((d) => d.volume?.secret?.secretName === tlsSecret)!;
          const arg = (name: string) => args[args.indexOf(name) + 1];
          // TLS only: no plaintext port, client certificates required, the pod's own certificate.
          expect([arg('--port'), arg('--tls-port'), arg('--tls-auth-clients')]).toEqual(['0', String(e.port), 'yes']);
          expect([arg('--tls-cert-file'), arg('--tls-key-file')]).toEqual([`${dir.path}/tls.crt`, `${dir.path}/tls.key`]);
          continue;
        }
        const args = argsOf(server);
        if (e.protocol === 'memberlist') {
          expect(args.get('memberlist.tls-enabled')).toBe('true');
        } else {
          expect(args.get(`server.${e.protocol}-tls-cert-path`)).toBeDefined();
          expect(args.get(`server.${e.protocol}-tls-key-path`)).toBeDefined();
          expect(args.get(`server.${e.protocol}-tls-ca-path`)).toBeDefined();
        }
        const secretVolume = mountedDirs(server).find((d) => d.volume?.secret?.secretName === tlsSecret);
        expect(secretVolume).toBeDefined();
        expect(args.get('server.grpc-tls-cert-path')!.startsWith(`${secretVolume!.path}/`)).toBe(true);
      }
    }
  });

  test('every edge dialled by DNS puts the verified name in its address flag', () => {
    for (const e of c.edges.filter((x) => x.discovery === 'dns' || x.discovery === 'gossip')) {
      const args = argsOf(workloadsFor(c, e.from)[0]);
      const addresses = [...args.entries()].filter(([k]) => /(address|addresses|url|join)$/.test(k)).map(([, v]) => v);
      expect([e.prefix, addresses.some((a) => a.includes(`${e.serverName}:${e.port}`))]).toEqual([e.prefix, true]);
    }
  });

  test('servers: gRPC requires and verifies client certificates, HTTP verifies them if given; TLS 1.2 minimum', () => {
    for (const w of workloads(c.manifests)) {
      const args = argsOf(w);
      for (const [k, v] of args) if (k.endsWith('tls-min-version')) expect(['VersionTLS12', 'VersionTLS13']).toContain(v);
      if (!c.defaultPolicy) continue;
      expect(args.get('server.grpc-tls-client-auth')).toBe('RequireAndVerifyClientCert');
      expect(args.get('server.http-tls-client-auth')).toBe('VerifyClientCertIfGiven');
    }
  });

  test('an HTTP server that requires client certificates is probed over TCP, every other one over GET /ready', () => {
    for (const w of workloads(c.manifests)) {
      const auth = argsOf(w).get('server.http-tls-client-auth');
      const probe = mimirContainer(w).readinessProbe;
      if (auth === 'RequireAndVerifyClientCert' || auth === 'RequireAnyClientCert') expect(probe.tcpSocket).toEqual({ port: 8080 });
      else expect(probe.httpGet).toMatchObject({ path: '/ready', port: 8080 });
    }
  });

  test('no flag disables verification, and every flag is in the catalog of the image\'s version', () => {
    for (const w of workloads(c.manifests)) {
      // The image's tag is the version the catalog is for (Cortex tags carry a v).
      expect(imageVersion(w)).toBe(c.model.version.version);
      const known = c.model.version.flags as ReadonlySet<string>;
      for (const [k, v] of argsOf(w)) {
        expect(k.includes('insecure') ? `${k}=${v}` : '').toBe('');
        if (k !== 'target') expect([k, known.has(k)]).toEqual([k, true]);
      }
    }
  });

  test('every leaf Certificate requests server auth and client auth with a rotating key; the CA never rotates its key', () => {
    for (const cert of objectsOfKind(c.manifests, 'Certificate')) {
      if (cert.spec.isCA) {
        expect(cert.spec.privateKey.rotationPolicy).toBe('Never');
        continue;
      }
      expect(cert.spec.privateKey.rotationPolicy).toBe('Always');
      expect(cert.spec.ipAddresses).toBeUndefined();
      if (cert.spec.privateKey.algorithm === 'RSA') expect(cert.spec.usages).toContain('key encipherment');
      if (cert.metadata.labels?.['app.kubernetes.io/component'] === 'gateway') continue;
      expect(cert.spec.usages).toEqual(expect.arrayContaining(['digital signature', 'server auth', 'client auth']));
      expect(cert.spec.dnsNames.length).toBeGreaterThan(0);
    }
  });

  test('gateway: its server certificate names its Service, its other certificates only authenticate clients, and every upstream name is a SAN of the target', () => {
    const gateway = c.model.gateway;
    if (!gateway) return;
    const cert = (name: string) => objectsOfKind(c.manifests, 'Certificate').find((x) => x.metadata.name === name);
    expect(cert(gateway.serverCertificate.name).spec.usages).toEqual(expect.arrayContaining(['server auth']));
    expect(cert(gateway.serverCertificate.name).spec.usages).not.toContain('client auth');
    expect(cert(gateway.serverCertificate.name).spec.dnsNames).toContain(`${gateway.name}.${c.model.namespace}.svc.${c.model.clusterDomain}`);
    for (const plan of [gateway.upstreamCertificate, ...gateway.clientCertificates]) {
      expect(cert(plan.name).spec.usages).toEqual(expect.arrayContaining(['client auth']));
      expect(cert(plan.name).spec.usages).not.toContain('server auth');
      expect(cert(plan.name).spec.commonName).toBe(plan.commonName);
    }
    for (const u of gateway.upstreams) {
      expect([u.component, certificateFor(c, u.component).spec.dnsNames.includes(u.serverName)]).toEqual([u.component, true]);
      // Every component keeps HTTPS here (secure-by-default cases): mutual TLS to each upstream.
      expect([u.component, u.tls]).toEqual([u.component, true]);
      expect(gateway.config).toContain(`proxy_ssl_name ${u.serverName};`);
    }
  });

  test('every Service port reaches a container port of the pods it selects', () => {
    for (const svc of objectsOfKind(c.manifests, 'Service')) {
      const selected = allWorkloads(c.manifests).filter((w) => Object.entries(svc.spec.selector).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
      expect([svc.metadata.name, selected.length > 0]).toEqual([svc.metadata.name, true]);
      for (const w of selected) {
        const ports = w.spec.template.spec.containers.flatMap((x: any) => (x.ports ?? []).map((p: any) => p.containerPort));
        for (const p of svc.spec.ports) expect([svc.metadata.name, w.metadata.name, ports]).toEqual([svc.metadata.name, w.metadata.name, expect.arrayContaining([p.targetPort])]);
      }
    }
  });

  test('pods: HTTPS readiness on /ready, no subPath mounts, every path flag in a mounted volume, writable data', () => {
    for (const w of workloads(c.manifests)) {
      const container = mimirContainer(w);
      if (container.readinessProbe.httpGet) expect(container.readinessProbe.httpGet).toMatchObject({ path: '/ready', port: 8080, scheme: 'HTTPS' });
      expect(container.livenessProbe?.exec ?? container.readinessProbe.exec).toBeUndefined();
      for (const m of container.volumeMounts) expect(m.subPath).toBeUndefined();
      const dirs = mountedDirs(w);
      for (const [k, v] of argsOf(w)) {
        if (!v.startsWith('/')) continue;
        const dir = dirs.find((d) => v.startsWith(`${d.path}/`));
        expect([k, dir !== undefined]).toEqual([k, true]);
        if (!/tls-|ca-path|^runtime-config\.file$/.test(k)) expect([k, dir!.readOnly]).toEqual([k, false]);
      }
      expect(dirs.find((d) => d.path === '/tmp')?.readOnly).toBe(false);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    }
  });

  test('egress: every pod has one policy with ingress and egress plus the default deny; each edge is allowed out of its client; every egress rule is an edge, DNS or an outside destination its pod needs', () => {
    const policies = objectsOfKind(c.manifests, 'NetworkPolicy');
    // No named ports anywhere (some CNIs mishandle them).
    for (const p of policies) for (const r of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) for (const port of r.ports ?? []) expect([p.metadata.name, typeof port.port]).toEqual([p.metadata.name, 'number']);
    if (!policies.some((p) => p.spec.policyTypes.includes('Egress'))) {
      // Egress not restricted (networkPolicies off, or egress.enabled: false): ingress-only policies and no default deny.
      expect(policies.filter((p) => p.metadata.name.endsWith('-default-deny'))).toEqual([]);
      return;
    }
    const deny = policies.find((p) => p.metadata.name === `${c.cluster}-default-deny`);
    expect(deny.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': c.cluster } }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
    const matches = (sel: any, labels: any) => Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const own = policies.filter((p) => p !== deny);
    const policyOf = (labels: any) => own.filter((p) => matches(p.spec.podSelector, labels));
    for (const w of allWorkloads(c.manifests)) {
      const labels = w.spec.template.metadata.labels;
      expect([w.metadata.name, matches(deny.spec.podSelector, labels), policyOf(labels).length]).toEqual([w.metadata.name, true, 1]);
      expect(policyOf(labels)[0].spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
    const labelsOf = (id: string) => allWorkloads(c.manifests).filter((w) => w.metadata.labels['app.kubernetes.io/component'] === id).map((w) => w.spec.template.metadata.labels);
    const idOf = (p: any) => p.spec.podSelector.matchLabels['app.kubernetes.io/component'];
    // Both directions of every edge: the client's egress admits the target on the edge's port.
    for (const e of c.edges) {
      for (const from of labelsOf(e.from)) for (const to of labelsOf(e.to)) {
        const allowed = policyOf(from)[0].spec.egress.some((r: any) => r.ports.some((x: any) => x.port === e.port && x.protocol === 'TCP') && r.to.some((peer: any) => !peer.namespaceSelector && !peer.ipBlock && matches(peer.podSelector, to)));
        expect([e.prefix, e.from, e.to, allowed]).toEqual([e.prefix, e.from, e.to, true]);
      }
    }
    const inCluster = (peer: any) => !peer.ipBlock && !peer.namespaceSelector && peer.podSelector?.matchLabels?.['app.kubernetes.io/instance'] === c.cluster;
    const dnsRules = own.flatMap((p) => p.spec.egress).filter((r: any) => r.ports.some((x: any) => x.protocol === 'UDP'));
    const dns = JSON.stringify(dnsRules[0]);
    const componentIds = new Set(c.model.components.map((x: any) => x.id));
    const cacheIds = new Set(c.model.caches.map((x: any) => x.id));
    for (const p of own) {
      const id = idOf(p);
      if (cacheIds.has(id)) { expect([p.metadata.name, p.spec.egress]).toEqual([p.metadata.name, []]); continue; }
      for (const r of p.spec.egress) {
        if (r.ports.some((x: any) => x.protocol === 'UDP')) { expect(JSON.stringify(r)).toBe(dns); continue; }
        const ports = r.ports.map((x: any) => x.port);
        if (r.to.every(inCluster)) {
          // Pods of the cluster: exactly the targets of this pod's edges on that port (or the gateway's and the
          // rollout-operator's HTTP calls).
          expect(ports).toHaveLength(1);
          const targets = new Set<string>(c.edges.filter((e) => e.from === id && e.port === ports[0]).map((e) => e.to));
          if (id === 'gateway' && ports[0] === 8080) for (const u of c.model.gateway.upstreams) targets.add(u.component);
          if (id === 'rollout-operator' && ports[0] === 8080) for (const t of ['ingester', 'store-gateway']) if (componentIds.has(t)) targets.add(t);
          expect([p.metadata.name, ports[0], r.to.map((peer: any) => peer.podSelector.matchLabels['app.kubernetes.io/component']).sort()]).toEqual([p.metadata.name, ports[0], [...targets].sort()]);
          continue;
        }
        // Outside the cluster's pods: never mixed with its pods, and only for pods that need an outside destination.
        expect([p.metadata.name, r.to.some(inCluster)]).toEqual([p.metadata.name, false]);
        const spec = c.model.components.find((x: any) => x.id === id)?.spec;
        const needsOutside = spec?.objectStorage || id === 'alertmanager' || ['rollout-operator', 'reloader'].includes(id)
          || c.model.components.find((x: any) => x.id === id)?.flags.some((f: any) => /etcd\.endpoints$/.test(f.name))
          || c.model.caches.some((x: any) => x.external && x.spec.clients.some((cl: any) => cl.components.includes(id)));
        expect([p.metadata.name, Boolean(needsOutside)]).toEqual([p.metadata.name, true]);
      }
      // Components that read object storage have a rule for it; those that do not, none beyond DNS and their edges.
      const outside = p.spec.egress.filter((r: any) => !r.ports.some((x: any) => x.protocol === 'UDP') && !r.to.every(inCluster));
      const spec = c.model.components.find((x: any) => x.id === id)?.spec;
      if (spec && !spec.objectStorage && id !== 'alertmanager' && !c.model.components.find((x: any) => x.id === id).flags.some((f: any) => /etcd\.endpoints$/.test(f.name))
        && !c.model.caches.some((x: any) => x.external && x.spec.clients.some((cl: any) => cl.components.includes(id)))) expect([p.metadata.name, outside]).toEqual([p.metadata.name, []]);
      if (spec?.objectStorage) expect([p.metadata.name, outside.length > 0]).toEqual([p.metadata.name, true]);
    }
  });

  test('NetworkPolicies admit every edge on its port and nothing else on gRPC, gossip and memcached ports', () => {
    const policies = objectsOfKind(c.manifests, 'NetworkPolicy');
    const podLabels = (target: string) => allWorkloads(c.manifests).filter((w) => w.metadata.labels['app.kubernetes.io/component'] === target).map((w) => w.spec.template.metadata.labels);
    const matches = (sel: any, labels: any) => Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const admits = (toLabels: any, port: number, fromLabels: any) => policies.some((p) => matches(p.spec.podSelector, toLabels)
      && p.spec.ingress.some((r: any) => r.ports.some((x: any) => x.port === port) && (r.from === undefined || r.from.some((f: any) => matches(f.podSelector, fromLabels)))));
    for (const e of c.edges) {
      for (const to of podLabels(e.to)) for (const from of podLabels(e.from)) expect([e.prefix, e.from, e.to, admits(to, e.port, from)]).toEqual([e.prefix, e.from, e.to, true]);
    }
    // Every restricted rule's peers are exactly what the edges and the definition admit: the clients of an edge to
    // that port; on HTTP also the gateway (where it routes), the rollout-operator (ingesters, store-gateways) and
    // the named scrapers.
    const componentIds = new Set(c.model.components.map((x: any) => x.id));
    const peersOf = (list: any[] | undefined) => (list ?? []).map((p: any) => JSON.stringify({ ns: p.namespaceLabels, pod: p.podLabels }));
    const scrapers = peersOf(c.model.monitoring?.scrapers);
    for (const p of policies) {
      const target = p.spec.podSelector.matchLabels['app.kubernetes.io/component'];
      for (const r of p.spec.ingress.filter((x: any) => x.from)) {
        const port = r.ports[0].port;
        const expected = new Set<string>(c.edges.filter((e) => e.to === target && e.port === port).map((e) => e.from));
        if (port === 8080 && componentIds.has(target)) {
          if (c.model.gateway?.upstreams.some((u: any) => u.component === target)) expected.add('gateway');
          if (c.model.rolloutOperator && ['ingester', 'store-gateway'].includes(target)) expected.add('rollout-operator');
        }
        const admitted = r.from.filter((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/instance'] === c.cluster).map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/component']);
        const others = r.from.filter((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/instance'] !== c.cluster)
          .map((f: any) => JSON.stringify({ ns: f.namespaceSelector?.matchLabels, pod: f.podSelector && Object.keys(f.podSelector.matchLabels ?? {}).length ? f.podSelector.matchLabels : undefined }));
        expect([p.metadata.name, port, [...new Set(admitted)].sort()]).toEqual([p.metadata.name, port, [...expected].sort()]);
        // Metrics ports (the cache exporter, the rollout-operator's and Reloader's metrics) admit only the scrapers.
        const metrics = [MEMCACHED.exporterPort, REDIS.exporterPort, ROLLOUT_OPERATOR_PORTS.metrics, RELOADER_METRICS_PORT].includes(port);
        const outside = port === 8080 || metrics ? scrapers : target === 'gateway' ? peersOf(c.model.gateway.allowedClients) : [];
        expect([p.metadata.name, port, others]).toEqual([p.metadata.name, port, outside]);
      }
      for (const r of p.spec.ingress.filter((x: any) => !x.from)) {
        // Open to any source: only the gateway's HTTPS port (without allowedClients) and the rollout-operator's webhook,
        // which the API server calls from outside the pod network.
        expect(r.ports.map((x: any) => x.port).every((x: number) => x === 8443)).toBe(true);
        // No component's HTTP port is open to everyone.
        if (componentIds.has(target)) expect([p.metadata.name, r.ports.map((x: any) => x.port)]).toEqual([p.metadata.name, []]);
      }
    }
    expect(policies.length).toBeGreaterThan(5);
  });

  test('the gossip Service selects exactly the memberlist members; the query-scheduler is not one', () => {
    const gossip = objectsOfKind(c.manifests, 'Service').find((s) => s.metadata.name === `${c.cluster}-gossip-ring`);
    if (!gossip) {
      // etcd rings: nobody gossips.
      expect(workloads(c.manifests).filter((w) => [...argsOf(w).keys()].some((k) => k.startsWith('memberlist.')))).toEqual([]);
      return;
    }
    const members = workloads(c.manifests).filter((w) => Object.entries(gossip.spec.selector).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
    const withMemberlist = workloads(c.manifests).filter((w) => argsOf(w).has('memberlist.join'));
    expect(members.map((w) => w.metadata.name).sort()).toEqual(withMemberlist.map((w) => w.metadata.name).sort());
    const scheduler = workloadsFor(c, 'query-scheduler')[0];
    expect([...argsOf(scheduler).keys()].filter((k) => k.startsWith('memberlist.'))).toEqual([]);
  });
});

describe('the independent flag checker', () => {
  const checker = join(__dirname, '..', '..', 'shared', 'tools', 'check-flags.mjs');
  const runIfPresent = existsSync(checker) ? test : test.skip;
  // The outside checker knows Mimir only; the Cortex clusters' flags are checked against Cortex's catalogs above.
  runIfPresent.each(CASES.filter((c) => c.model.appName === 'mimir'))('reports 0 findings for $name', (c) => {
    const dir = mkdtempSync(join(tmpdir(), 'check-flags-'));
    const file = join(dir, 'cluster.k8s.yaml');
    writeFileSync(file, c.manifests.map((m) => YAML.stringify(m)).join('---\n'));
    const out = execFileSync('node', [checker, file], { cwd: join(__dirname, '..'), encoding: 'utf8' });
    expect(out).toMatch(/, 0 findings/);
  });
});

test('the base definition is what the helpers use', () => {
  expect(findObject(synth().manifests, 'StatefulSet', `${BASE.name}-ingester-zone-a`).kind).toBe('StatefulSet');
});
