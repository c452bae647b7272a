// Egress destinations of the definition (`egress`): checked into NetworkPolicy peers and ports. The cluster's own
// edges are not here: the policy stage derives them from the edge graph.
import { Problems } from '../errors';
import { EgressOptions, EgressTarget } from '../network-options';
import { WeakerChoices } from '../tls/policy';
import { isCidr, isPlainObject, show } from '../validate';
import { checkKeys } from './helpers';
import { peers } from './peers';

type Labels = { readonly [key: string]: string };

/** A NetworkPolicy peer: pods (by namespace and pod labels) or an address block. */
export interface PolicyPeer {
  readonly podSelector?: Labels;
  readonly namespaceSelector?: Labels;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

/** Where a pod may connect: peers on ports. No peers: nowhere. */
export interface EgressDestination {
  readonly to: readonly PolicyPeer[];
  readonly ports: readonly number[];
}

export interface CheckedEgress {
  readonly dns: EgressDestination;
  readonly objectStorage: EgressDestination;
  readonly apiServer: EgressDestination;
  readonly alertmanagerReceivers: EgressDestination;
  readonly etcd?: EgressDestination;
  readonly externalCaches?: EgressDestination;
}

/** What the rest of the definition needs reached. */
export interface EgressNeeds {
  readonly etcd: boolean;
  readonly externalCaches: boolean;
}

/** Addresses that are never public: private, shared (CGNAT), loopback, link-local (cloud metadata), unique-local. */
export const NON_PUBLIC_V4 = ['10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'];
export const NON_PUBLIC_V6 = ['::1/128', 'fc00::/7', 'fe80::/10'];

export const DNS_DEFAULT: EgressDestination = {
  to: [{ namespaceSelector: { 'kubernetes.io/metadata.name': 'kube-system' }, podSelector: { 'k8s-app': 'kube-dns' } }],
  ports: [53],
};
const ANY: PolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];
const ANY_PUBLIC: PolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC_V4 } }, { ipBlock: { cidr: '::/0', except: NON_PUBLIC_V6 } }];
export const API_SERVER_DEFAULT: EgressDestination = { to: ANY, ports: [443, 6443] };
const RECEIVERS_DEFAULT: EgressDestination = { to: ANY_PUBLIC, ports: [443] };

const KEYS = ['enabled', 'objectStorage', 'dns', 'apiServer', 'alertmanagerReceivers', 'etcd', 'externalCaches'];
const choices = (port: number) => `EgressTarget.cidrs([...], [${port}]), EgressTarget.pods([{ namespaceLabels, podLabels }], [${port}]) for pods of the Kubernetes cluster, or EgressTarget.anyPublicAddress([${port}]) for a service on the internet`;

/** The checked egress, or undefined when egress is not restricted (no NetworkPolicies, or `egress.enabled: false`). */
export function checkEgress(problems: Problems, weaker: WeakerChoices, value: EgressOptions | undefined, withPolicies: boolean, needs: EgressNeeds): CheckedEgress | undefined {
  if (value !== undefined && !isPlainObject(value)) { problems.add('egress', `is ${show(value)}`, 'Pass EgressOptions'); return undefined; }
  const o: EgressOptions = value ?? {};
  checkKeys(problems, 'egress', o, KEYS);
  if (o.enabled !== undefined && typeof o.enabled !== 'boolean') problems.add('egress.enabled', `is ${show(o.enabled)}`, 'Use true or false');
  if (!withPolicies) return undefined;
  if (o.enabled === false) {
    weaker.add('egress.enabled', 'is false, so every pod may connect to any address (the Kubernetes API, other tenants\' workloads, the cloud metadata endpoint)');
    return undefined;
  }
  const target = (field: keyof EgressOptions, fallback: EgressDestination | undefined, why: string, port = 443): EgressDestination | undefined => {
    const t = o[field];
    if (t === undefined) {
      if (!fallback) problems.add(`egress.${field}`, `is not set, but ${why}, and egress is restricted`, `Give ${choices(port)}; or networkPolicies: false`);
      return fallback;
    }
    return destination(problems, weaker, `egress.${field}`, t as EgressTarget);
  };
  const objectStorage = target('objectStorage', undefined, 'the components that read and write blocks, rules and alert state connect to object storage');
  return {
    dns: target('dns', DNS_DEFAULT, '') ?? DNS_DEFAULT,
    objectStorage: objectStorage ?? { to: [], ports: [] },
    apiServer: target('apiServer', API_SERVER_DEFAULT, '') ?? API_SERVER_DEFAULT,
    alertmanagerReceivers: target('alertmanagerReceivers', RECEIVERS_DEFAULT, '') ?? RECEIVERS_DEFAULT,
    etcd: needs.etcd ? target('etcd', undefined, 'the rings are in etcd (kvStore.etcdOptions)', 2379) : unused(problems, o, 'etcd', 'the rings are not in etcd'),
    externalCaches: needs.externalCaches ? target('externalCaches', undefined, 'a cache is external (caches.<name>.external)', 11211) : unused(problems, o, 'externalCaches', 'no cache is external'),
  };
}

function unused(problems: Problems, o: EgressOptions, field: keyof EgressOptions, why: string): undefined {
  if (o[field] !== undefined) problems.add(`egress.${field}`, `is set, but ${why}`, `Remove egress.${field}`);
  return undefined;
}

function destination(problems: Problems, weaker: WeakerChoices, field: string, t: EgressTarget): EgressDestination | undefined {
  // Read by shape, not class: a definition may come from JSON (the CLI's --definition).
  if (!isPlainObject(t) && !(t instanceof EgressTarget)) { problems.add(field, `is ${show(t)}`, `Give an EgressTarget: ${choices(443)}`); return undefined; }
  const ports = t._ports;
  if (!Array.isArray(ports) || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535) || new Set(ports).size !== ports.length) {
    problems.add(`${field}.ports`, `is ${show(ports)}`, 'Give distinct port numbers between 1 and 65535');
    return undefined;
  }
  if (t._kind !== 'none' && ports.length === 0) { problems.add(`${field}.ports`, 'is empty', 'Give the port numbers, or use EgressTarget.none()'); return undefined; }
  switch (t._kind) {
    case 'none': return { to: [], ports: [] };
    case 'any': weaker.add(field, 'allows any address, the cluster\'s pods and the cloud metadata endpoint included'); return { to: ANY, ports };
    case 'any-public': return { to: ANY_PUBLIC, ports };
    case 'pods': {
      const checked = peers(problems, `${field}.peers`, t._peers);
      return { to: checked.map((p) => ({ podSelector: p.podLabels ? { ...p.podLabels } : {}, namespaceSelector: p.namespaceLabels ? { ...p.namespaceLabels } : undefined })), ports };
    }
    case 'cidrs': {
      const cidrs = t._cidrs ?? [];
      if (cidrs.length === 0) problems.add(`${field}.cidrs`, 'is empty', 'Give at least one CIDR block, e.g. "52.218.0.0/17"');
      cidrs.forEach((c, i) => {
        if (typeof c !== 'string' || !isCidr(c)) problems.add(`${field}.cidrs[${i}]`, `is ${show(c)}, not a CIDR block`, 'Write it as address/prefix, e.g. "10.20.0.0/16" or "2001:db8::/32"');
        else if (c === '0.0.0.0/0' || c === '::/0') problems.add(`${field}.cidrs[${i}]`, `is ${c}, every address`, 'Use EgressTarget.anyPublicAddress(), or EgressTarget.anyAddress() with tls.acknowledgeWeakerSecurity');
      });
      return { to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports };
    }
    default: problems.add(field, `is ${show(t)}`, `Give an EgressTarget: ${choices(443)}`); return undefined;
  }
}
