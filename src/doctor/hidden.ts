// Options Mimir 3.0.2 accepts but leaves out of `-help-all` and its config descriptor (doc:"hidden"), as the
// reference names them. The doctor knows them, so a deployment that uses one is not reported as broken.
export const HIDDEN_FLAG_PREFIXES: readonly string[] = [
  'blocks-storage.tsdb.block-ranges-period',
  'ingester.push-grpc-method-enabled',
  'block-builder.', 'block-builder-scheduler.', 'usage-tracker.', 'distributor.usage-tracker-client.',
];

export const HIDDEN_YAML_PREFIXES: readonly string[] = [
  'blocks_storage.tsdb.block_ranges_period',
  'ingester.push_grpc_method_enabled',
  'block_builder', 'block_builder_scheduler', 'usage_tracker', 'distributor.usage_tracker_client',
];

const under = (name: string, prefixes: readonly string[]) => prefixes.some((p) => name === p || name.startsWith(p.endsWith('.') ? p : `${p}.`) || (p.endsWith('.') && name.startsWith(p)));

export const isHiddenFlag = (flag: string) => under(flag, HIDDEN_FLAG_PREFIXES);
export const isHiddenYaml = (path: string) => under(path, HIDDEN_YAML_PREFIXES);
