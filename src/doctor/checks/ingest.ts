// Ingest storage (Mimir 3.0's Kafka write path): with -ingest-storage.enabled the distributors and rulers write
// series to Kafka, the ingesters consume them, and the query-frontends read the last produced offsets (read
// consistency); the distributors no longer push to the ingesters over gRPC. Mimir's Kafka client has SASL flags
// but, in every release the doctor knows, no TLS flags: that write path cannot be encrypted by configuration.
import { ComponentId } from '../../core/catalog/components';
import { addressHost, valuesOf } from '../graph';
import { Finding } from '../finding';
import { serviceBehind, workloadsSelected } from '../object-index';
import { MimirWorkload } from '../workloads';
import { Check, DoctorInput } from './context';

/** Who talks to Kafka with ingest storage on, and why (read in Mimir 3.0.2's module graph). */
export const KAFKA_CLIENTS: { readonly [id in ComponentId]?: string } = {
  'distributor': 'write series',
  'ruler': 'write rule results (its embedded distributor)',
  'ingester': 'consume series',
  'query-frontend': 'read the last produced offsets (read consistency)',
};

/** The push-only client rows that ingest storage replaces: a distributor's ingester client only pushes. */
export const REPLACED_BY_KAFKA: { readonly [prefix: string]: readonly ComponentId[] } = { 'ingester.client': ['distributor'] };

export interface KafkaEdge {
  readonly client: MimirWorkload;
  /** The Kafka workload these manifests deploy behind the address, or the address's host. */
  readonly server: string;
  readonly address: string;
  readonly port: number;
  readonly purpose: string;
  /** The version's Kafka client has TLS flags and they are on (no release the doctor knows has them). */
  readonly tls: boolean;
  readonly label: string;
}

export const ingestStorageOn = (w: MimirWorkload) => valuesOf(w, w.targets[0]).bool('ingest-storage.enabled');

/** The Kafka broker behind a host, when the manifests deploy it (a Service whose pods run a Kafka image). */
function kafkaWorkload(ctx: DoctorInput, host: string, namespace: string): string | undefined {
  const svc = serviceBehind(ctx.objects, host, namespace);
  return svc && workloadsSelected(ctx.objects, svc.selector, svc.namespace)[0]?.metadata.name;
}

export function kafkaEdges(ctx: DoctorInput): KafkaEdge[] {
  return ctx.workloads.filter(ingestStorageOn).flatMap((w) => w.targets.filter((t) => KAFKA_CLIENTS[t]).slice(0, 1).flatMap((t) => {
    const v = valuesOf(w, t);
    const address = v.str('ingest-storage.kafka.address');
    const host = addressHost(address);
    if (!host) return [];
    const server = kafkaWorkload(ctx, host, w.namespace) ?? host;
    const tlsFlag = [...w.version.flags].find((f) => /^ingest-storage\.kafka\.tls-enabled$/.test(f));
    return [{
      client: w, server, address, port: Number(/:([0-9]+)$/.exec(address)?.[1] ?? 9092), purpose: KAFKA_CLIENTS[t]!,
      tls: tlsFlag !== undefined && v.bool(tlsFlag), label: `${w.name} → ${server} [ingest-storage.kafka]`,
    }];
  }));
}

export const ingest: Check = (ctx) => ctx.kafkaEdges.filter((e) => !e.tls).map((e): Finding => ({
  severity: 'warning', check: 'ingest.kafka-plaintext', components: [e.client.name], edge: e.label,
  message: `${e.client.name} → Kafka ${e.address} (${e.purpose}) is plaintext: Mimir ${e.client.version.version}'s Kafka client has SASL but no TLS flags, so series written through ingest storage cross the network unencrypted and the broker is not verified`,
  fix: 'Encrypt below Mimir (a service mesh or an encrypted pod network), admit only the distributors, rulers, ingesters and query-frontends to Kafka with a NetworkPolicy, and set -ingest-storage.kafka.sasl-* so the broker authenticates its clients; or run the classic write path (-ingest-storage.enabled=false) whose gRPC edges have mutual TLS',
  source: e.client.object.source,
}));
