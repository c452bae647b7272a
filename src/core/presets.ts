// Size presets: starting points for replicas, resources, zones and caches. Every value is overridden by the
// matching field of the definition. Orders of magnitude follow Grafana's published small/large sizing.
import { ClusterSize } from './definition';

export interface ComponentPreset { readonly replicas: number; readonly cpu: string; readonly memory: string; readonly storageSize?: string }
export interface CachePreset { readonly replicas: number; readonly memoryMebibytes: number }

export interface SizePreset {
  readonly replicationFactor: number;
  readonly zones: readonly string[];
  readonly cachesEnabled: boolean;
  readonly components: { readonly [optionsKey: string]: ComponentPreset };
  readonly caches: { readonly [optionsKey: string]: CachePreset };
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

export const PRESETS: { readonly [size in ClusterSize]: SizePreset } = {
  dev: {
    replicationFactor: 1, zones: [], cachesEnabled: false,
    components: {
      distributor: { replicas: 1, cpu: '100m', memory: '256Mi' },
      ingester: { replicas: 1, cpu: '200m', memory: '1Gi', storageSize: '5Gi' },
      querier: { replicas: 1, cpu: '100m', memory: '256Mi' },
      queryFrontend: { replicas: 1, cpu: '100m', memory: '256Mi' },
      queryScheduler: { replicas: 1, cpu: '100m', memory: '128Mi' },
      storeGateway: { replicas: 1, cpu: '100m', memory: '512Mi', storageSize: '2Gi' },
      compactor: { replicas: 1, cpu: '100m', memory: '512Mi', storageSize: '5Gi' },
      ruler: { replicas: 1, cpu: '100m', memory: '256Mi' },
      alertmanager: { replicas: 1, cpu: '50m', memory: '128Mi', storageSize: '1Gi' },
      overridesExporter: { replicas: 1, cpu: '50m', memory: '64Mi' },
    },
    caches: {
      chunks: { replicas: 1, memoryMebibytes: 256 }, index: { replicas: 1, memoryMebibytes: 256 },
      metadata: { replicas: 1, memoryMebibytes: 128 }, results: { replicas: 1, memoryMebibytes: 128 },
    },
  },
  small: {
    replicationFactor: 3, zones: ZONES, cachesEnabled: true,
    components: {
      distributor: { replicas: 2, cpu: '2', memory: '4Gi' },
      ingester: { replicas: 3, cpu: '3', memory: '12Gi', storageSize: '50Gi' },
      querier: { replicas: 2, cpu: '1', memory: '4Gi' },
      queryFrontend: { replicas: 1, cpu: '1', memory: '1Gi' },
      queryScheduler: { replicas: 2, cpu: '200m', memory: '256Mi' },
      storeGateway: { replicas: 3, cpu: '1', memory: '6Gi', storageSize: '10Gi' },
      compactor: { replicas: 1, cpu: '1', memory: '2Gi', storageSize: '50Gi' },
      ruler: { replicas: 1, cpu: '1', memory: '2Gi' },
      alertmanager: { replicas: 3, cpu: '100m', memory: '512Mi', storageSize: '1Gi' },
      overridesExporter: { replicas: 1, cpu: '100m', memory: '128Mi' },
    },
    caches: {
      chunks: { replicas: 2, memoryMebibytes: 8192 }, index: { replicas: 2, memoryMebibytes: 2048 },
      metadata: { replicas: 1, memoryMebibytes: 512 }, results: { replicas: 1, memoryMebibytes: 512 },
    },
  },
  large: {
    replicationFactor: 3, zones: ZONES, cachesEnabled: true,
    components: {
      distributor: { replicas: 15, cpu: '2', memory: '4Gi' },
      ingester: { replicas: 30, cpu: '4', memory: '16Gi', storageSize: '100Gi' },
      querier: { replicas: 10, cpu: '2', memory: '8Gi' },
      queryFrontend: { replicas: 2, cpu: '2', memory: '2Gi' },
      queryScheduler: { replicas: 2, cpu: '500m', memory: '512Mi' },
      storeGateway: { replicas: 12, cpu: '2', memory: '12Gi', storageSize: '50Gi' },
      compactor: { replicas: 3, cpu: '2', memory: '4Gi', storageSize: '200Gi' },
      ruler: { replicas: 2, cpu: '2', memory: '4Gi' },
      alertmanager: { replicas: 3, cpu: '500m', memory: '1Gi', storageSize: '1Gi' },
      overridesExporter: { replicas: 1, cpu: '100m', memory: '128Mi' },
    },
    caches: {
      chunks: { replicas: 6, memoryMebibytes: 8192 }, index: { replicas: 3, memoryMebibytes: 8192 },
      metadata: { replicas: 2, memoryMebibytes: 1024 }, results: { replicas: 2, memoryMebibytes: 1024 },
    },
  },
};
