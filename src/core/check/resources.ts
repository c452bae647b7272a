// Resource requests and limits of one component, over its size preset.
import { ComponentOptions } from '../definition';
import { Problems } from '../errors';
import { ResolvedResources } from '../model';
import { ComponentPreset } from '../presets';
import { cpuMillis, isPlainObject, memoryMebibytes, show } from '../validate';
import { checkKeys } from './helpers';

const RESOURCE_KEYS = ['cpu', 'memory', 'memoryLimit'];

export function resolveResources(problems: Problems, field: string, res: ComponentOptions['resources'], preset: ComponentPreset): ResolvedResources {
  const r = res ?? {};
  if (!isPlainObject(r)) problems.add(field, 'is not an object', 'Pass { cpu, memory, memoryLimit }');
  else checkKeys(problems, field, r, RESOURCE_KEYS);
  const cpu = cpuMillis(r.cpu ?? preset.cpu);
  if (cpu === undefined) problems.add(`${field}.cpu`, `is ${show(r.cpu)}`, 'Use a CPU quantity such as "500m" or "2"');
  const memory = memoryMebibytes(r.memory ?? preset.memory);
  if (memory === undefined) problems.add(`${field}.memory`, `is ${show(r.memory)}`, 'Use whole mebibytes with a binary unit, such as "512Mi" or "4Gi"');
  const limit = r.memoryLimit === undefined ? (memory ?? 0) * 2 : memoryMebibytes(r.memoryLimit);
  if (limit === undefined) problems.add(`${field}.memoryLimit`, `is ${show(r.memoryLimit)}`, 'Use whole mebibytes with a binary unit, such as "1Gi"');
  else if (memory !== undefined && limit < memory) problems.add(`${field}.memoryLimit`, `is ${r.memoryLimit}, below the memory request ${r.memory ?? preset.memory}`, 'Make the limit at least the request');
  return { cpuMillis: cpu ?? 0, memoryMebibytes: memory ?? 0, memoryLimitMebibytes: limit ?? 0 };
}

