// What Mimir's extraFlags may not set, beyond the flags the library writes itself.
import { RefusedFlags } from '../refused';

const RING_PREFIXES = ['ingester.ring', 'distributor.ring', 'store-gateway.sharding-ring', 'compactor.ring', 'ruler.ring',
  'alertmanager.sharding-ring', 'query-scheduler.ring', 'overrides-exporter.ring', 'ingester.partition-ring', 'distributor.ha-tracker'];
const escape = (s: string) => s.replace(/[.]/g, '\\.');

export const MIMIR_REFUSED_EXTRA_FLAGS: readonly RefusedFlags[] = [
  {
    pattern: /cluster-validation\./,
    rules: ['SRV-09', 'SRV-10'],
    problem: 'sets cluster validation, which the library writes for every server and client together (one label, or none at all)',
    fix: 'Use the clusterValidation option instead',
  },
  {
    pattern: new RegExp(`^(${RING_PREFIXES.map(escape).join('|')})\\.(store|consul\\..+|etcd\\..+|multi\\..+)$`),
    rules: ['RING-01', 'RING-02', 'RING-03', 'RING-04', 'RING-05', 'RING-06', 'RING-07', 'RING-12', 'RING-13', 'RING-14', 'RING-15'],
    problem: 'sets a ring\'s kv store, which the library configures for every ring together',
    fix: 'Use kvStore (KvStore.memberlist() or KvStore.etcd({...})) instead of extraFlags',
  },
  {
    pattern: /^distributor\.ha-tracker\.enable$/,
    rules: ['RING-12', 'RING-13'],
    problem: 'turns on the HA tracker, whose kv store (Consul at localhost:8500 by default) the library does not deploy, so the distributor would stop at start',
    fix: 'Remove it; HA deduplication is not supported by the library yet',
  },
  {
    pattern: /^(common\.storage|blocks-storage|ruler-storage|alertmanager-storage)\.backend$|^(ruler-storage|alertmanager-storage)\.local\.|^(common\.storage|blocks-storage|ruler-storage|alertmanager-storage)\.filesystem\./,
    rules: ['OBJ-01', 'OBJ-15', 'OBJ-16', 'OBJ-17', 'OBJ-18', 'OBJ-19', 'OBJ-20', 'GEN-03', 'GEN-04', 'GEN-05', 'RUL-06'],
    problem: 'switches an object storage away from the S3 storage the library configures and validates',
    fix: 'Configure object storage with the storage option',
  },
  {
    pattern: /^ingest-storage\./,
    rules: ['IS-01', 'IS-02', 'IS-03', 'IS-04', 'IS-05', 'IS-06', 'IS-07', 'IS-08', 'IS-09', 'IS-10', 'IS-11', 'IS-12', 'IS-13', 'IS-14', 'IS-15', 'IS-16', 'IS-17', 'IS-18', 'IS-19', 'IS-20', 'GEN-06', 'RING-14'],
    problem: 'configures the ingest-storage (Kafka) architecture, which the library does not deploy',
    fix: 'Remove it; the library deploys the classic architecture (distributors write to ingesters over gRPC)',
  },
  {
    pattern: /^vault\./,
    rules: ['VLT-01', 'VLT-02', 'VLT-03'],
    problem: 'reads TLS material from Vault, while the library mounts every certificate from cert-manager Secrets',
    fix: 'Remove it; give certificates through certificates.issuer or tlsSecretName',
  },
  {
    pattern: /^runtime-config\.file$/,
    rules: ['RT-01', 'RT-02', 'RT-03', 'RT-04', 'RT-05'],
    problem: 'replaces the runtime configuration file the library mounts and checks, so Mimir would stop at start if no volume provides it (failed to load runtime config)',
    fix: 'Remove it; give per-tenant overrides in runtimeConfig.overrides',
  },
  {
    pattern: /^(auth\.(multitenancy-enabled|no-auth-tenant)|tenant-federation\..+|ruler\.tenant-federation\.enabled|ruler\.enable-api|alertmanager\.enable-api|alertmanager\.receivers-firewall-.+|(common\.storage|blocks-storage|ruler-storage|alertmanager-storage)\.s3\.sse\..+)$/,
    rules: [],
    problem: 'sets a tenancy, API, firewall or encryption switch the library writes from the definition (and the gateway relies on)',
    fix: 'Use the typed options instead: tenancy, alertmanagerFirewall, storage.encryption',
  },
  {
    pattern: /^alertmanager\.configs\.fallback$/,
    rules: ['AM-08'],
    problem: 'names a fallback Alertmanager configuration file that no volume of the pod provides, so the alertmanager would stop at start (unable to read fallback config)',
    fix: 'Remove it; tenants without a configuration get Mimir\'s built-in fallback',
  },
  {
    pattern: /^query-scheduler\.(service-discovery-mode|ring\..+)$/,
    rules: ['SCH-01', 'QF-16', 'QF-17', 'RING-15'],
    problem: 'changes how query-frontends and queriers find the query-scheduler, which the library wires by DNS on every component together (ring mode would need the scheduler in memberlist)',
    fix: 'Remove it',
  },
];
