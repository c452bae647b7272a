// Every startup rule of the reference (startup-constraints-3.0.2.md), and how the library keeps each one:
// - checked: evaluated at synth over every component's flags (the tables in this folder);
// - refused: its flags are refused in extraFlags (./refused.ts) and the library does not write them;
// - owned: the library writes every flag involved, refuses them in extraFlags, and its values satisfy the rule
//   (the independent checker in test/startup verifies this over every example and random definitions);
// - out of scope: not decidable from the manifests (network, files of other systems) or not an error, with why.
import { StartupRule } from '../rule';
import { BLOCKS_RULES } from './blocks';
import { CACHE_RULES } from './caches';
import { LIMITS_RULES } from './limits';
import { PROCESS_RULES } from './process';
import { QUERY_RULES } from './query';
import { RING_RULES } from './rings';
import { RULER_RULES } from './ruler';
import { STORAGE_RULES } from './storage';
import { VALUE_RULES } from './values';

export const MIMIR_STARTUP_RULES: readonly StartupRule[] = [
  ...VALUE_RULES, ...PROCESS_RULES, ...RING_RULES, ...QUERY_RULES, ...CACHE_RULES, ...STORAGE_RULES, ...BLOCKS_RULES,
  ...RULER_RULES, ...LIMITS_RULES,
];

export type Coverage = { readonly how: 'owned' | 'refused' | 'out-of-scope' | 'dup'; readonly why: string };

const owned = (why: string): Coverage => ({ how: 'owned', why });
const refused = (why: string): Coverage => ({ how: 'refused', why });
const out = (why: string): Coverage => ({ how: 'out-of-scope', why });
const negative = out('documented as not an error (a negative row of the reference)');
const runtime = out('depends on a service or network at start (object storage, kv store, Kafka, DNS), not on the manifests');

/** The rules that are not checked at synth, and why. Checked rules are the ids of MIMIR_STARTUP_RULES. */
export const NOT_CHECKED: { readonly [id: string]: Coverage } = {
  'GEN-01': owned('-target is the component\'s id from the catalog'),
  'GEN-03': owned('each target writes one data directory under /data; the storage backends that add directories are refused'),
  'GEN-04': owned('storage gives each storage its own bucket (checked on storage.*Bucket); backends and buckets are refused in extraFlags'),
  'GEN-05': owned('as GEN-04, for the alertmanager storage'),
  'GEN-06': out('YAML-only (hidden) option; ingest storage is refused'),
  'GEN-07': owned('-activity-tracker.filepath is in the writable data volume'),
  'GEN-08': out('a note on -common.storage.* inheritance, not an error (the storage rules evaluate the inherited values)'),
  'GEN-09': owned('the three listen ports are fixed and distinct (8080, 9095, 7946) and refused in extraFlags'),
  'SRV-01': owned('suites are joined with "," and no space, Go names only (tls.cipherSuites); tls-* flags are refused in extraFlags'),
  'SRV-02': owned('minimum versions come from TlsVersion; tls-* flags are refused in extraFlags'),
  'SRV-03': owned('the CA path is written exactly when client certificates are verified, always with a client-auth policy'),
  'SRV-04': owned('client-auth values come from the ClientAuth enum'),
  'SRV-05': owned('certificate and key are always written as a pair, from the mounted Secret directory'),
  'SRV-06': owned('the CA path names the mounted Secret or trust ConfigMap'),
  'SRV-07': negative, 'SRV-08': negative, 'SRV-10': negative,
  'SRV-12': { how: 'dup', why: 'the same check as SRV-11 (checked)' },
  'GRPC-06': owned('client TLS blocks are complete (tls-* refused in extraFlags); the invariant tests check every edge'),
  'GRPC-07': negative,
  'ML-01': owned('memberlist TLS always carries certificate and key'), 'ML-02': owned('as ML-01'),
  'ML-03': owned('minimum versions come from TlsVersion'), 'ML-04': owned('suites are Go names'),
  'ML-05': owned('the files named are the mounted Secret\'s'),
  'ML-06': owned('-memberlist.bind-addr is not written (memberlist.* refused in extraFlags)'), 'ML-07': owned('as ML-06, for -memberlist.advertise-addr'),
  'ML-08': out('needs a private IP on the pod: decided by the cluster network'),
  'ML-09': owned('memberlist.* is refused in extraFlags'),
  'ML-10': out('whether fast-join reaches a member depends on the members that run at start; the library writes -memberlist.abort-if-fast-join-fails=true on ingesters as both Grafana tools do, and the gossip Service publishes members before they are ready'),
  'ML-11': owned('the abort-if-join-fails flag is not written'), 'ML-12': negative, 'ML-13': negative,
  'RING-01': refused('kv store flags'), 'RING-02': refused('kv store flags'), 'RING-03': refused('kv store flags'), 'RING-04': refused('kv store flags'),
  'RING-05': owned('kvStore.etcd needs at least one endpoint (checked on kvStore.endpoints)'),
  'RING-06': owned('etcd TLS is written with certificate and key from one Secret'),
  'RING-07': refused('kv store flags (Consul is not offered)'),
  'RING-11': out('the instance address comes from the pod\'s interfaces; the interface flags append to the defaults and do not fail on their own'),
  'RING-12': refused('the HA tracker and its kv store flags'), 'RING-13': refused('the HA tracker and its kv store flags'),
  'RING-14': refused('ingest storage and the partition ring\'s kv store'), 'RING-15': refused('query-scheduler ring mode'),
  'QF-03': negative,
  'QF-09': owned('results-cache TLS is written complete from the component\'s Secret'),
  'QF-16': owned('-query-frontend.scheduler-address is written from the edge table; discovery mode is refused in extraFlags'),
  'QF-17': negative,
  'QF-18': out('as RING-11: the frontend address comes from the pod\'s interfaces'),
  'SCH-01': refused('-query-scheduler.service-discovery-mode'),
  'QR-06': negative,
  'OBJ-01': refused('storage backends; the library writes -common.storage.backend=s3'),
  'OBJ-14': owned('object-storage TLS comes from storage.tls, written in pairs; tls-* refused in extraFlags'),
  'OBJ-15': refused('storage backends'), 'OBJ-16': refused('storage backends'), 'OBJ-17': refused('storage backends'),
  'OBJ-18': refused('storage backends'), 'OBJ-19': refused('storage backends'), 'OBJ-20': negative,
  'OBJ-21': out('the sanity check reaches the object storage at start; bucket names S3 refuses are checked on storage.*Bucket'),
  'OBJ-22': owned('every directory is in the writable data volume'),
  'TSDB-06': out('YAML-only (hidden) option'),
  'BS-10': owned('memcached TLS is written complete from the component\'s Secret'),
  'CMP-07': runtime, 'DIST-03': runtime,
  'RUL-06': refused('the ruler storage backend'),
  'RUL-08': owned('as GRPC-06'), 'RUL-09': owned('-ruler.query-frontend.address is built from the edge table (dns:///host:port)'),
  'RUL-10': negative, 'RUL-11': negative,
  'AM-02': { how: 'dup', why: 'part of AM-01 (checked)' }, 'AM-03': { how: 'dup', why: 'part of AM-01 (checked)' }, 'AM-04': { how: 'dup', why: 'part of AM-01 (checked)' },
  'AM-06': { how: 'dup', why: 'the same check as ZONE-01 (checked)' },
  'AM-07': owned('-alertmanager.storage.path is in the writable data volume'),
  'AM-08': refused('-alertmanager.configs.fallback'),
  'AM-09': out('a warning, not an error'),
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`IS-${String(i + 1).padStart(2, '0')}`, refused('ingest storage')])),
  'LIM-05': out('YAML-only option (no flag)'),
  'LIM-11': { how: 'dup', why: 'the same check as IS-20 (refused)' }, 'LIM-12': { how: 'dup', why: 'DIST-01, RUL-01 and SG-01 (checked)' },
  'RT-01': owned('-runtime-config.file names the runtime ConfigMap, mounted as a directory on every component (refused in extraFlags)'),
  'RT-02': owned('the runtime file is rendered from typed overrides whose keys come from the version\'s config descriptor'),
  'RT-03': owned('each tenant\'s overrides are checked at synth by the startup rules of the flags they shadow (QR-04, LIM-*, the value rules)'),
  'RT-04': owned('the runtime file is plain YAML named runtime.yaml'),
  'RT-05': owned('the runtime file is one YAML document'),
  'RT-06': out('a reload error after start is logged and the previous configuration kept; the library\'s files are checked before they are written'),
  'VLT-01': refused('vault.*'), 'VLT-02': refused('vault.*'), 'VLT-03': refused('vault.*'),
  'US-02': runtime,
  'HID-01': out('hidden options, not settable through documented flags'),
  'FLG-01': owned('every written flag is checked against the version\'s catalog (extraFlags too)'),
  'FLG-02': owned('every flag is written as -name=value'),
  'FLG-12': { how: 'dup', why: 'LIM-01, LIM-02 and LIM-10 (checked)' },
};

/** Checked rules beyond the reference's rows. */
export const BEYOND_REFERENCE: { readonly [id: string]: string } = {
  'FLG-NUM': 'a number flag with a value that is not a number: Go\'s flag package refuses it (exit code 2)',
};
