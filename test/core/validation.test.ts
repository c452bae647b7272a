// One row per validation rule: the bad input, the field the message must name, and a word of the fix.
import { CertificateIssuer, MimirErrors, MimirVersion, TlsVersion, TrustSource } from '../../src';
import { resolveCluster } from '../../src/core/resolve';
import { BASE, errorOf } from '../_helpers';

const storage = BASE.storage;
const ROWS: [string, any, string, RegExp][] = [
  ['name is not a DNS label', { name: 'Mimir_Prod' }, 'name', /DNS-1035/],
  ['name starts with a digit', { name: '1mimir' }, 'name', /starting with a letter/],
  ['name makes object names over 63 characters', { name: 'a'.repeat(40) }, 'name', /longer than the 63/],
  ['namespace is not a DNS label', { namespace: 'Observability' }, 'namespace', /DNS-1123/],
  ['clusterDomain is not a domain', { clusterDomain: 'cluster..local' }, 'clusterDomain', /DNS subdomain/],
  ['version has no catalog', { version: MimirVersion.of('2.9.0') }, 'version', /3\.0\.2/],
  ['version is not semver', { version: MimirVersion.of('latest') }, 'version', /no flag catalog/],
  ['image has spaces', { image: 'grafana/mimir 3.0.2' }, 'image', /image reference/],
  ['replicationFactor is zero', { replicationFactor: 0 }, 'replicationFactor', /at least 1/],
  ['ruleEvaluation is unknown', { ruleEvaluation: 'sideways' }, 'ruleEvaluation', /local, remote/],
  ['unknown top-level option', { replicas: 3 }, 'replicas', /not an option/],
  ['storage missing', { storage: undefined }, 'storage', /S3 endpoint/],
  ['storage endpoint with scheme', { storage: { ...storage, endpoint: 'https://s3.example.com' } }, 'storage.endpoint', /Drop the scheme/],
  ['storage bucket missing', { storage: { ...storage, rulerBucket: undefined } }, 'storage.rulerBucket', /is missing/],
  ['storage buckets shared', { storage: { ...storage, rulerBucket: 'blocks' } }, 'storage.rulerBucket', /a bucket each/],
  ['storage endpoint starts with a bucket (OBJ-04)', { storage: { ...storage, endpoint: 'blocks.s3.example.com' } }, 'storage.endpoint', /without the bucket: "s3\.example\.com"/],
  ['storage bucket too short for S3 (OBJ-21)', { storage: { ...storage, blocksBucket: 'bk' } }, 'storage.blocksBucket', /3 to 63 lower-case letters/],
  ['storage bucket with upper case (OBJ-21)', { storage: { ...storage, alertmanagerBucket: 'Alerts' } }, 'storage.alertmanagerBucket', /not an S3 bucket name/],
  ['storage credentials missing', { storage: { ...storage, credentialsSecret: '' } }, 'storage.credentialsSecret', /Secret/],
  ['unknown storage option', { storage: { ...storage, bucket: 'x' } }, 'storage.bucket', /not an option/],
  ['unknown component', { components: { gateway: {} } }, 'components.gateway', /not an option/],
  ['unknown component option', { components: { ingester: { replica: 3 } } }, 'components.ingester.replica', /not an option/],
  ['required component disabled', { components: { ingester: { enabled: false } } }, 'components.ingester.enabled', /required/],
  ['replicas not an integer', { components: { querier: { replicas: 1.5 } } }, 'components.querier.replicas', /whole number/],
  ['ingester replicas below replication factor', { components: { ingester: { replicas: 2 } } }, 'components.ingester.replicas', /fewer than replicationFactor 3/],
  ['store-gateway replicas below replication factor', { components: { storeGateway: { replicas: 1 } } }, 'components.storeGateway.replicas', /fewer than replicationFactor/],
  ['alertmanager replicas below replication factor', { components: { alertmanager: { replicas: 2 } } }, 'components.alertmanager.replicas', /fewer than replicationFactor/],
  ['storage size on a stateless component', { components: { querier: { storageSize: '10Gi' } } }, 'components.querier.storageSize', /stateless/],
  ['storage size not a quantity', { components: { ingester: { storageSize: 'lots' } } }, 'components.ingester.storageSize', /quantity/],
  ['cpu not a quantity', { components: { querier: { resources: { cpu: 'two' } } } }, 'components.querier.resources.cpu', /CPU quantity/],
  ['memory without a binary unit', { components: { querier: { resources: { memory: '2G' } } } }, 'components.querier.resources.memory', /binary unit/],
  ['memory limit below request', { components: { querier: { resources: { memory: '2Gi', memoryLimit: '1Gi' } } } }, 'components.querier.resources.memoryLimit', /at least the request/],
  ['extra flag unknown to the version', { components: { querier: { extraFlags: { 'querier.no-such-flag': '1' } } } }, 'components.querier.extraFlags.querier.no-such-flag', /not a flag of Mimir 3\.0\.7/],
  ['extra flag owned by the library', { components: { querier: { extraFlags: { 'ingester.client.tls-enabled': 'false' } } } }, 'components.querier.extraFlags.ingester.client.tls-enabled', /typed option/],
  ['extra flag switching off verification', { components: { querier: { extraFlags: { 'querier.store-gateway-client.tls-insecure-skip-verify': 'true' } } } }, 'components.querier.extraFlags', /set by the library/],
  ['extra flag that prints help and exits', { components: { querier: { extraFlags: { 'help-all': 'true' } } } }, 'components.querier.extraFlags.help-all', /exit instead of running/],
  ['extra flag value not a string', { components: { querier: { extraFlags: { 'querier.max-concurrent': 8 } } } }, 'components.querier.extraFlags.querier.max-concurrent', /not a string/],
  ['TLS version below 1.2 without acknowledgement', { tls: { minVersion: 'VersionTLS11' } }, 'tls.minVersion', /weaker than the default\. Set tls\.acknowledgeWeakerSecurity/],
  ['TLS version unknown', { tls: { minVersion: 'VersionSSL3' } }, 'tls.minVersion', /TlsVersion\.TLS12/],
  ['TLS 1.3 suite configured', { tls: { cipherSuites: ['TLS_AES_128_GCM_SHA256'] } }, 'tls.cipherSuites', /cannot be configured/],
  ['insecure suite configured without acknowledgement', { tls: { cipherSuites: ['TLS_RSA_WITH_RC4_128_SHA'] } }, 'tls.cipherSuites', /marks insecure, which is weaker than the default/],
  ['unknown suite', { tls: { cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256'] } }, 'tls.cipherSuites', /Go constant names/],
  ['empty suite list', { tls: { cipherSuites: [] } }, 'tls.cipherSuites', /at least one/],
  ['duration not Go syntax', { certificates: { duration: '90d' } }, 'certificates.duration', /Go duration/],
  ['duration under 1h', { certificates: { duration: '30m', renewBefore: '10m' } }, 'certificates.duration', /minimum of 1h/],
  ['renewBefore not shorter than duration', { certificates: { duration: '24h', renewBefore: '24h' } }, 'certificates.renewBefore', /shorter than duration/],
  ['renewBefore under 5m', { certificates: { renewBefore: '1m' } }, 'certificates.renewBefore', /minimum of 5m/],
  ['CA shorter than leaves', { certificates: { caDuration: '100h' } }, 'certificates.caDuration', /longer lifetime/],
  ['caDuration with an external issuer', { certificates: { issuer: CertificateIssuer.fromIssuerRef({ name: 'vault' }), caDuration: '87600h' } }, 'certificates.caDuration', /external issuer/],
  ['external issuer without a valid name', { certificates: { issuer: CertificateIssuer.fromIssuerRef({ name: 'Vault Issuer' }) } }, 'certificates.issuer.name', /existing cert-manager/],
  ['ECDSA size not a curve', { certificates: { privateKeySize: 521 } }, 'certificates.privateKeySize', /256/],
  ['RSA key too small', { certificates: { privateKeyAlgorithm: 'RSA', privateKeySize: 1024 } }, 'certificates.privateKeySize', /2048/],
  ['unknown key algorithm', { certificates: { privateKeyAlgorithm: 'Ed448' } }, 'certificates.privateKeyAlgorithm', /ECDSA/],
  ['trust ConfigMap with a bad name', { certificates: { trust: TrustSource.fromConfigMap('Corp CA') } }, 'certificates.trust', /ConfigMap/],
  ['trust-manager bundle without a source', { certificates: { trust: TrustSource.trustManagerBundle({ sourceSecretName: '' }) } }, 'certificates.trust.sourceSecretName', /trust namespace/],
  ['unknown certificates option', { certificates: { lifetime: '1h' } }, 'certificates.lifetime', /not an option/],
  ['unknown tls option', { tls: { minVersion: TlsVersion.TLS12, skipVerify: true } }, 'tls.skipVerify', /not an option/],
];

describe('validation', () => {
  test.each(ROWS)('fails when %s', (_what, patch, field, fix) => {
    const err = errorOf(() => resolveCluster({ ...BASE, ...patch }));
    expect(MimirErrors.isMimirConfigError(err)).toBe(true);
    // The problems are readable as data too: the field named, with its problem and fix.
    expect(MimirErrors.problemsOf(err).some((p) => p.field.startsWith(field) && p.fix.length > 0)).toBe(true);
    expect(MimirErrors.problemsOf(new Error('x'))).toEqual([]);
    expect(err).not.toBeInstanceOf(TypeError);
    expect(err.message).toContain(`${field}`);
    expect(err.message).toMatch(fix);
  });

  test('lists every problem at once', () => {
    const err = errorOf(() => resolveCluster({ ...BASE, name: 'Bad_Name', replicationFactor: 0, certificates: { duration: 'x' } }));
    expect(err.message).toMatch(/^3 problems/);
    expect((err as any).problems.map((p: any) => p.field)).toEqual(['name', 'replicationFactor', 'certificates.duration']);
  });

  test.each([
    ['undefined', undefined], ['null', null], ['a string', 'mimir'], ['an array', []],
  ])('fails with the library\'s own error, never a TypeError, when the definition is %s', (_w, value) => {
    const err = errorOf(() => resolveCluster(value as any));
    expect(MimirErrors.isMimirConfigError(err)).toBe(true);
    expect(err.message).toContain('storage');
  });

  test.each([
    ['storage is a string', { storage: 's3' }],
    ['components is a list', { components: [] }],
    ['a component is a number', { components: { ingester: 3 } }],
    ['resources is a string', { components: { ingester: { resources: '1' } } }],
    ['extraFlags is a list', { components: { ingester: { extraFlags: ['a'] } } }],
    ['certificates is a string', { certificates: 'yes' }],
    ['issuer is a plain object', { certificates: { issuer: { name: 'x' } } }],
    ['trust is a plain object', { certificates: { trust: { configMap: 'x' } } }],
    ['tls is a number', { tls: 12 }],
  ])('fails with the library\'s own error when %s', (_w, patch) => {
    const err = errorOf(() => resolveCluster({ ...BASE, ...(patch as any) }));
    expect(MimirErrors.isMimirConfigError(err)).toBe(true);
  });

  test('a valid definition resolves', () => {
    expect(resolveCluster(BASE).components).toHaveLength(10);
  });
});
