// The independent startup-rule checker over every example, every shared definition and random definitions; and
// proof that it catches what it checks (manifests with one rule broken by hand).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { MimirCluster } from '../../src';
import { definitionArb } from '../_arbitraries';
import { DEFINITION_CASES, GOLDEN_ONLY_CASES } from '../_definitions';
import { mimirPods, RULE_COUNT, violations } from './_independent';

const SHARED = join(__dirname, '..', '..', '..', 'shared', 'reference', 'mimir');
const withReference = existsSync(SHARED) || process.env.CI ? test : test.skip;

// Mimir's rules; Cortex has no startup reference (its flags are checked against its catalogs in the invariants).
withReference.each([...DEFINITION_CASES, ...GOLDEN_ONLY_CASES].filter((c) => !c.slug.includes('cortex')).map((c) => [c.name, c]))('%s: no Mimir container breaks a startup rule', (_n, c) => {
  const manifests = Testing.synth((c as any).make());
  expect(mimirPods(manifests).length).toBeGreaterThan(5);
  expect(violations(manifests)).toEqual([]);
});

withReference('random valid definitions: no Mimir container breaks a startup rule', () => {
  fc.assert(fc.property(definitionArb, (def) => {
    const chart = Testing.chart();
    new MimirCluster(chart, 'Mimir', def as any);
    expect(violations(Testing.synth(chart))).toEqual([]);
  }), { numRuns: 40 });
});

withReference('the checker catches a rule broken in the manifests, naming the rule, the pod and the flag', () => {
  expect(RULE_COUNT()).toBeGreaterThan(30);
  const manifests = Testing.synth(DEFINITION_CASES.find((c) => c.slug === 'example-small')!.make());
  const qf = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'mimir-dev-query-frontend');
  qf.spec.template.spec.containers[0].args.push('-query-frontend.query-sharding-target-series-per-shard=2500');
  const ingester = manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'mimir-dev-ingester');
  ingester.spec.template.spec.containers[0].args.push('-querier.timeout=5m', '-ingester.client.grpc-compression=zstd');
  expect(violations(manifests)).toEqual([
    'GRPC-01 mimir-dev-ingester: -ingester.client.grpc-compression=zstd',
    'GEN-02 mimir-dev-ingester: querier timeout above the HTTP write timeout',
    'QF-01 mimir-dev-query-frontend: target-series-per-shard > 0 without a results-cache backend',
  ]);
});
