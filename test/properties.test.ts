// Property-based tests: random valid definitions always give a consistent graph; random invalid ones always
// give the library's own error naming the field, never a TypeError or a manifest.
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { MimirCluster, MimirErrors } from '../src';
import { resolveCluster, ResolvedCluster } from '../src/core/resolve';
import { BASE } from './_helpers';
import { Corruption, CORRUPTIONS, definitionArb } from './_arbitraries';

function checkConsistent(model: ResolvedCluster): void {
  const byId = new Map(model.components.map((c) => [c.id, c]));
  for (const e of model.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to as any) ?? (model.caches.find((c) => c.id === e.to) as any);
    const flag = (name: string) => from.flags.find((f) => f.name === name)?.value;
    if (e.tls === 'disabled') {
      if (e.protocol !== 'memcached' && flag(`${e.prefix}.tls-enabled`) !== 'false') throw new Error(`${e.from}: ${e.prefix} disabled but tls-enabled is not false`);
      continue;
    }
    if (flag(`${e.prefix}.tls-enabled`) !== 'true') throw new Error(`${e.from}: ${e.prefix}.tls-enabled missing`);
    for (const f of ['cert-path', 'key-path', 'ca-path']) if (!flag(`${e.prefix}.tls-${f}`)) throw new Error(`${e.from}: ${e.prefix}.tls-${f} missing`);
    if (flag(`${e.prefix}.tls-server-name`) !== e.serverName) throw new Error(`${e.from}: server name`);
    if (!to.certificate.dnsNames.includes(e.serverName)) throw new Error(`${e.serverName} not in ${e.to} SANs`);
    if (e.protocol !== 'memberlist' && e.protocol !== 'memcached' && !to.flags.some((f: any) => f.name === `server.${e.protocol}-tls-cert-path`)) throw new Error(`${e.to} serves no TLS on ${e.protocol}`);
  }
  for (const c of model.components) {
    for (const f of c.flags) if (f.name !== 'target' && !model.version.flags.has(f.name)) throw new Error(`-${f.name} not in ${model.version.version}`);
    if (c.flags.some((f) => f.name.endsWith('insecure-skip-verify'))) throw new Error('insecure flag');
    if (!c.certificate.usages.includes('server auth') || !c.certificate.usages.includes('client auth')) throw new Error('usages');
  }
}

describe('random valid definitions', () => {
  test('resolve to a consistent graph: every edge wired on both ends, every server name a SAN, every flag in the catalog', () => {
    fc.assert(fc.property(definitionArb, (def) => {
      checkConsistent(resolveCluster(def as any));
    }), { numRuns: 300 });
  });

  test('synthesize with one Certificate and one workload per component', () => {
    fc.assert(fc.property(definitionArb, (def) => {
      const chart = Testing.chart();
      const cluster = new MimirCluster(chart, 'Mimir', def as any);
      const manifests = Testing.synth(chart);
      const mimir = manifests.filter((m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet') && m.spec.template.spec.containers.some((c: any) => c.name === 'mimir'));
      expect(mimir).toHaveLength(cluster.components.flatMap((c) => c.workloads).length);
      const zoned = cluster._model.components.filter((c) => c.zones).length;
      const zoneAware = cluster._model.components.filter((c) => c.spec.zoneAwareRing).length;
      expect(zoned).toBe(def.zones.length > 0 ? zoneAware : 0);
      const tlsCaches = cluster._model.caches.filter((c) => c.tls).length;
      const gateway = cluster._model.gateway;
      const gatewayLeaves = gateway ? 2 + gateway.clientCertificates.length : 0;
      expect(manifests.filter((m) => m.kind === 'Certificate' && !m.spec.isCA)).toHaveLength(cluster.components.length + tlsCaches + gatewayLeaves);
    }), { numRuns: 25 });
  });
});

describe('random invalid definitions', () => {
  test.each(CORRUPTIONS.map((c) => [c[0], c]))('%s: always the library\'s own error naming the field', (_f, corruption) => {
    const [field, apply, arb] = corruption as Corruption;
    fc.assert(fc.property(arb, (value) => {
      let error: any;
      try {
        resolveCluster(apply(BASE, value));
      } catch (e) {
        error = e;
      }
      expect(error).toBeDefined();
      expect(MimirErrors.isMimirConfigError(error)).toBe(true);
      if (field !== '(unknown key)') expect(error.message).toContain(field.split('.').slice(0, 2).join('.'));
    }), { numRuns: 150 });
  });

  test('any value at any field: either valid or the library\'s own error, never a TypeError', () => {
    const fields = ['name', 'namespace', 'version', 'image', 'clusterDomain', 'storage', 'replicationFactor', 'ruleEvaluation',
      'size', 'zones', 'rolloutOperator', 'caches', 'components', 'tls', 'certificates'];
    const hostile = fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true });
    fc.assert(fc.property(fc.constantFrom(...fields), hostile, (field, value) => {
      try {
        resolveCluster({ ...BASE, [field]: value } as any);
      } catch (e) {
        expect(MimirErrors.isMimirConfigError(e)).toBe(true);
      }
    }), { numRuns: 2000 });
  });
});

describe('random valid definitions as Cortex clusters', () => {
  test('synthesize, every flag in the Cortex version\'s catalog, every edge\'s server name among the target\'s SANs', () => {
    const { CortexCluster, CortexVersion } = require('../src');
    const versions = fc.constantFrom(CortexVersion.V1_21_1, CortexVersion.V1_19_0);
    fc.assert(fc.property(definitionArb, versions, (def, version) => {
      // What Cortex refuses (the results cache, the rollout-operator) is left out; the rest of the definition is the same.
      const { caches, rolloutOperator: _r, ...rest } = def as any;
      const { results: _results, ...cortexCaches } = caches ?? {};
      const chart = Testing.chart();
      const cluster = new CortexCluster(chart, 'Cortex', { ...rest, caches: cortexCaches, version });
      Testing.synth(chart);
      const model = cluster._model;
      for (const c of model.components) for (const f of c.flags) if (f.name !== 'target') expect([c.id, f.name, model.version.flags.has(f.name)]).toEqual([c.id, f.name, true]);
      for (const e of model.edges.filter((x: any) => x.protocol !== 'memberlist')) {
        const target = model.components.find((c: any) => c.id === e.to) ?? model.caches.find((c: any) => c.id === e.to)!;
        expect([e.prefix, target.certificate.dnsNames.includes(e.serverName)]).toEqual([e.prefix, true]);
      }
    }), { numRuns: 20 });
  });
});
