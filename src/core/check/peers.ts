// NetworkPolicy peers in the definition (the gateway's allowed clients, the scrapers): namespaces, pods, or both.
import { Problems } from '../errors';
import { NetworkPeerOptions } from '../front-door';
import { isPlainObject, show } from '../validate';
import { checkKeys } from './helpers';

export interface CheckedPeer {
  readonly namespaceLabels?: { readonly [key: string]: string };
  readonly podLabels?: { readonly [key: string]: string };
}

const LABELS_FIX = 'Give label keys and values as strings, e.g. { "kubernetes.io/metadata.name": "monitoring" }';

export function peers(problems: Problems, field: string, value: NetworkPeerOptions[] | undefined): CheckedPeer[] {
  if (!Array.isArray(value)) {
    problems.add(field, `is ${show(value)}, not a list`, 'Give a list of { namespaceLabels, podLabels }');
    return [];
  }
  return value.map((p: any, i) => {
    const f = `${field}[${i}]`;
    if (!isPlainObject(p)) {
      problems.add(f, `is ${show(p)}`, 'Give { namespaceLabels, podLabels }');
      return {};
    }
    checkKeys(problems, f, p, ['namespaceLabels', 'podLabels']);
    if (p.namespaceLabels === undefined && p.podLabels === undefined) problems.add(f, 'selects neither namespaces nor pods', 'Give namespaceLabels, podLabels or both');
    for (const k of ['namespaceLabels', 'podLabels']) {
      if (p[k] !== undefined && (!isPlainObject(p[k]) || Object.entries(p[k]).some(([key, v]) => key === '' || typeof v !== 'string'))) problems.add(`${f}.${k}`, `is ${show(p[k])}`, LABELS_FIX);
    }
    return { namespaceLabels: p.namespaceLabels, podLabels: p.podLabels };
  });
}

