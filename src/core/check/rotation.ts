// How renewed certificates take effect (Reloader annotations, a deployed Reloader, or nothing: a weaker choice),
// and the stages of a CA rotation: trust both CAs, issue from the next, drop the previous; never a stage skipped.
import { IssuerRefPlan } from '../certs/plan';
import { CaRotationCa, CaRotationOptions, CaRotationStage, CertificateOptions, IssuerKind } from '../definition';
import { Problems } from '../errors';
import { ResolvedTrust } from '../model';
import { ClusterNames, PATHS, TLS_SECRET_KEYS } from '../names';
import { WeakerChoices } from '../tls/policy';
import { isDnsSubdomain, isPlainObject, show } from '../validate';
import { checkKeys, optionalBoolean } from './helpers';

export const DEFAULT_RELOADER_IMAGE = 'ghcr.io/stakater/reloader:v1.4.17';
const STAGES: readonly CaRotationStage[] = [CaRotationStage.TRUST_BOTH, CaRotationStage.ISSUE_FROM_NEXT, CaRotationStage.DROP_PREVIOUS];
const ROTATION_KEYS = ['stage', 'previousStage', 'current', 'next'];
const CA_KEYS = ['issuer', 'caSecretName', 'caSecretKey'];

export interface RotationChoice {
  readonly strategy: 'reloader-annotations' | 'deployed-reloader' | 'none';
  readonly reloaderImage?: string;
}

export function resolveRotation(problems: Problems, opts: CertificateOptions, weaker: WeakerChoices): RotationChoice {
  const legacy = optionalBoolean(problems, 'certificates.reloadOnRotation', opts.reloadOnRotation);
  const r: any = opts.rotation;
  if (r !== undefined && legacy !== undefined) {
    problems.add('certificates.reloadOnRotation', 'is set together with certificates.rotation', 'Keep only rotation (reloadOnRotation: false is CertificateRotation.none())');
  }
  if (r !== undefined && !['reloader-annotations', 'deployed-reloader', 'none'].includes(r?._strategy)) {
    problems.add('certificates.rotation', 'is not a CertificateRotation', 'Use CertificateRotation.reloaderAnnotations(), deployReloader() or none()');
    return { strategy: 'reloader-annotations' };
  }
  const strategy: RotationChoice['strategy'] = r?._strategy ?? (legacy === false ? 'none' : 'reloader-annotations');
  if (strategy === 'none') {
    weaker.add(r ? 'certificates.rotation' : 'certificates.reloadOnRotation', 'lets renewed CA, memberlist and HTTP certificates go unused until each pod restarts for another reason');
  }
  const image = r?._reloader?.image ?? DEFAULT_RELOADER_IMAGE;
  if (strategy === 'deployed-reloader' && (typeof image !== 'string' || image === '' || /\s/.test(image))) {
    problems.add('certificates.rotation.image', `is ${show(image)}`, 'Give an image reference such as "ghcr.io/stakater/reloader:v1.4.17"');
  }
  return { strategy, reloaderImage: strategy === 'deployed-reloader' ? image : undefined };
}

export interface ResolvedCaRotation {
  readonly stage: CaRotationStage;
  /** The issuer the leaves come from at this stage. */
  readonly issuerRef: IssuerRefPlan;
  /** A trust-manager Bundle of the CAs trusted at this stage. */
  readonly trust: ResolvedTrust;
}

function caOf(problems: Problems, field: string, ca: CaRotationCa | undefined): { ref: IssuerRefPlan; secret: { secretName: string; key: string } } | undefined {
  if (!isPlainObject(ca)) { problems.add(field, 'is missing', 'Give { issuer: { name, kind }, caSecretName }'); return undefined; }
  checkKeys(problems, field, ca!, CA_KEYS);
  const issuer: any = ca!.issuer;
  if (!isPlainObject(issuer) || typeof issuer.name !== 'string' || !isDnsSubdomain(issuer.name)) {
    problems.add(`${field}.issuer`, `is ${show(issuer)}`, 'Name the cert-manager issuer that signs with this CA, e.g. { name: "mimir-ca-2027", kind: IssuerKind.CLUSTER_ISSUER }');
    return undefined;
  }
  const kind = issuer.kind ?? IssuerKind.ISSUER;
  if (!Object.values(IssuerKind).includes(kind)) problems.add(`${field}.issuer.kind`, `is ${show(kind)}`, 'Use IssuerKind.ISSUER or IssuerKind.CLUSTER_ISSUER');
  if (typeof ca!.caSecretName !== 'string' || !isDnsSubdomain(ca!.caSecretName)) {
    problems.add(`${field}.caSecretName`, `is ${show(ca!.caSecretName)}`, 'Name the Secret in trust-manager\'s trust namespace that holds this CA\'s certificate');
    return undefined;
  }
  return { ref: { name: issuer.name, kind, group: issuer.group ?? 'cert-manager.io' }, secret: { secretName: ca!.caSecretName, key: ca!.caSecretKey ?? TLS_SECRET_KEYS.ca } };
}

/** The stage before `stage` in the only order that keeps every edge working while old and new pods run together. */
function checkOrder(problems: Problems, stage: CaRotationStage, previous: CaRotationStage | undefined): void {
  const i = STAGES.indexOf(stage);
  const expected = i > 0 ? STAGES[i - 1] : undefined;
  if (previous === expected) return;
  const why: { [s: string]: string } = {
    [CaRotationStage.TRUST_BOTH]: 'it is the first stage',
    [CaRotationStage.ISSUE_FROM_NEXT]: 'pods that do not trust the next CA yet refuse the leaves it signs ("x509: certificate signed by unknown authority")',
    [CaRotationStage.DROP_PREVIOUS]: 'pods still holding leaves of the current CA are refused by pods that trust only the next CA',
  };
  problems.add('certificates.caRotation.previousStage', `is ${show(previous ?? null)}, but ${stage} must follow ${expected ?? 'no other stage'}: ${why[stage]}`,
    expected ? `Deploy CaRotationStage.${expected.toUpperCase().replace(/-/g, '_')} first, let every pod roll, then this stage with previousStage: CaRotationStage.${expected.toUpperCase().replace(/-/g, '_')}` : 'Remove previousStage');
}

export function resolveCaRotation(problems: Problems, rotation: CaRotationOptions, names: ClusterNames): ResolvedCaRotation | undefined {
  if (!isPlainObject(rotation)) { problems.add('certificates.caRotation', 'is not an object', 'Give { stage, current, next }'); return undefined; }
  checkKeys(problems, 'certificates.caRotation', rotation, ROTATION_KEYS);
  if (!STAGES.includes(rotation.stage)) {
    problems.add('certificates.caRotation.stage', `is ${show(rotation.stage)}`, 'Use CaRotationStage.TRUST_BOTH, ISSUE_FROM_NEXT or DROP_PREVIOUS');
    return undefined;
  }
  if (rotation.previousStage !== undefined && !STAGES.includes(rotation.previousStage)) {
    problems.add('certificates.caRotation.previousStage', `is ${show(rotation.previousStage)}`, 'Use a CaRotationStage or leave it out');
  } else checkOrder(problems, rotation.stage, rotation.previousStage);
  const current = caOf(problems, 'certificates.caRotation.current', rotation.current);
  const next = caOf(problems, 'certificates.caRotation.next', rotation.next);
  if (!current || !next) return undefined;
  if (current.secret.secretName === next.secret.secretName && current.ref.name === next.ref.name) {
    problems.add('certificates.caRotation.next', 'names the same issuer and CA as current', 'Give the next CA its own issuer and Secret');
  }
  const sources = rotation.stage === CaRotationStage.DROP_PREVIOUS ? [next.secret] : [current.secret, next.secret];
  return {
    stage: rotation.stage,
    issuerRef: rotation.stage === CaRotationStage.TRUST_BOTH ? current.ref : next.ref,
    trust: {
      caPath: `${PATHS.trustDir}/${TLS_SECRET_KEYS.ca}`,
      configMap: { name: names.trustBundle, key: TLS_SECRET_KEYS.ca },
      bundle: { name: names.trustBundle, sources, namespace: names.namespace },
    },
  };
}
