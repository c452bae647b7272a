// The certificates section: key type and size, lifetimes, issuer, and where the components' trust comes from.
import { IssuerRefPlan } from '../certs/plan';
import * as D from '../defaults';
import { IssuerKind, MimirClusterProps, PrivateKeyAlgorithm, TrustSource } from '../definition';
import { Problems } from '../errors';
import { ResolvedTrust } from '../model';
import { ClusterNames, PATHS, TLS_SECRET_KEYS } from '../names';
import { isDnsSubdomain, isPlainObject, show } from '../validate';
import { checkKeys, goDuration } from './helpers';
import { resolveCaRotation, resolveRotation, RotationChoice } from './rotation';
import { WeakerChoices } from '../tls/policy';

const CERT_KEYS = ['issuer', 'trust', 'privateKeyAlgorithm', 'privateKeySize', 'duration', 'renewBefore', 'caDuration',
  'reloadOnRotation', 'rotation', 'caRotation'];

export type ResolvedCertificates = ReturnType<typeof resolveCertificates>;

export function resolveCertificates(problems: Problems, certificates: MimirClusterProps['certificates'], names: ClusterNames, weaker: WeakerChoices) {
  const opts = certificates ?? {};
  if (!isPlainObject(opts)) problems.add('certificates', 'is not an object', 'Pass CertificateOptions');
  else checkKeys(problems, 'certificates', opts, CERT_KEYS);
  const algorithm = opts.privateKeyAlgorithm ?? D.DEFAULT_KEY_ALGORITHM;
  if (!Object.values(PrivateKeyAlgorithm).includes(algorithm)) {
    problems.add('certificates.privateKeyAlgorithm', `is ${show(algorithm)}`, 'Use PrivateKeyAlgorithm.ECDSA or PrivateKeyAlgorithm.RSA');
  }
  const size = opts.privateKeySize ?? D.DEFAULT_KEY_SIZE[algorithm] ?? 0;
  if (algorithm === PrivateKeyAlgorithm.ECDSA && ![256, 384].includes(size)) {
    problems.add('certificates.privateKeySize', `is ${size} for ECDSA`, 'Use 256 (P-256) or 384 (P-384); cert-manager\'s P-521 is not in Go\'s default curve preferences for TLS 1.2 clients of older Mimir builds');
  }
  if (algorithm === PrivateKeyAlgorithm.RSA && (!Number.isInteger(size) || size < 2048 || size > 8192)) {
    problems.add('certificates.privateKeySize', `is ${size} for RSA`, 'Use 2048 to 8192 bits');
  }
  const duration = goDuration(problems, 'certificates.duration', opts.duration ?? D.DEFAULT_CERT_DURATION, D.MIN_CERT_DURATION_MS, '1h');
  const renewBefore = goDuration(problems, 'certificates.renewBefore', opts.renewBefore ?? D.DEFAULT_CERT_RENEW_BEFORE, D.MIN_RENEW_BEFORE_MS, '5m');
  if (duration && renewBefore && renewBefore.ms >= duration.ms) {
    problems.add('certificates.renewBefore', `is ${renewBefore.text}, not shorter than duration ${duration.text}`, 'Make renewBefore shorter than duration (one third of it is usual)');
  }
  const issuer = opts.issuer;
  let issuerRef: IssuerRefPlan | undefined;
  const isStatic = (issuer as any)?.isStatic === true;
  if (issuer !== undefined) {
    const ref = (issuer as any)?.issuerRef;
    if (ref !== undefined) {
      if (typeof ref.name !== 'string' || !isDnsSubdomain(ref.name)) problems.add('certificates.issuer.name', `is ${show(ref.name)}`, 'Name an existing cert-manager Issuer or ClusterIssuer');
      const kind = ref.kind ?? IssuerKind.ISSUER;
      if (!Object.values(IssuerKind).includes(kind)) problems.add('certificates.issuer.kind', `is ${show(kind)}`, 'Use IssuerKind.ISSUER or IssuerKind.CLUSTER_ISSUER');
      issuerRef = { name: ref.name, kind, group: ref.group ?? 'cert-manager.io' };
      if (opts.caDuration !== undefined) problems.add('certificates.caDuration', 'is set, but an external issuer is used and no CA is created', 'Remove caDuration, or use CertificateIssuer.selfSignedCa()');
    } else if (!(issuer as any) || typeof issuer !== 'object' || !('issuerRef' in (issuer as object))) {
      problems.add('certificates.issuer', 'is not a CertificateIssuer', 'Use CertificateIssuer.selfSignedCa() or CertificateIssuer.fromIssuerRef({...})');
    }
  }
  const caDuration = goDuration(problems, 'certificates.caDuration', opts.caDuration ?? D.DEFAULT_CA_DURATION, D.MIN_CERT_DURATION_MS, '1h');
  if (!issuerRef && caDuration && duration && caDuration.ms <= duration.ms) {
    problems.add('certificates.caDuration', `is ${caDuration.text}, not longer than the leaf duration ${duration.text}`, 'Give the CA a longer lifetime than its leaves');
  }
  const rotation = resolveRotation(problems, isPlainObject(opts) ? opts : {}, weaker);
  const caRotation = opts.caRotation === undefined ? undefined : caRotationOf(problems, opts, names, rotation);
  const trust = caRotation?.trust ?? resolveTrust(problems, opts.trust, names);
  return {
    algorithm, size, duration: duration?.text ?? '', renewBefore: renewBefore?.text ?? '',
    durationMs: duration?.ms ?? 0, renewBeforeMs: renewBefore?.ms ?? 0,
    caDuration: caDuration?.text ?? '', issuerRef: caRotation?.issuerRef ?? issuerRef, trust,
    reloadOnRotation: rotation.strategy !== 'none', rotation, caRotation: caRotation?.stage, isStatic,
  };
}

/** A CA rotation names the issuers and the trust of each stage itself, and needs pods that roll on renewal. */
function caRotationOf(problems: Problems, opts: any, names: ClusterNames, rotation: RotationChoice) {
  for (const k of ['issuer', 'trust'] as const) {
    if (opts[k] !== undefined) problems.add(`certificates.${k}`, 'is set together with certificates.caRotation, which decides it for each stage', `Remove ${k}; give the issuers in caRotation.current and caRotation.next`);
  }
  if (rotation.strategy === 'none') {
    problems.add('certificates.caRotation', 'needs pods that restart when their trust changes (Mimir reads CA files once), but rotation is none', 'Use CertificateRotation.reloaderAnnotations() or deployReloader()');
  }
  return resolveCaRotation(problems, opts.caRotation, names);
}

export function resolveTrust(problems: Problems, trust: TrustSource | undefined, names: ClusterNames): ResolvedTrust {
  const kind = trust === undefined ? 'issued-secret' : (trust as any)._kind;
  switch (kind) {
    case 'issued-secret':
      return { caPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.ca}` };
    case 'config-map': {
      const name = trust!._configMapName;
      const key = trust!._configMapKey ?? TLS_SECRET_KEYS.ca;
      if (typeof name !== 'string' || !isDnsSubdomain(name)) problems.add('certificates.trust', `names the ConfigMap ${show(name)}`, 'Name an existing ConfigMap in the cluster\'s namespace');
      return { caPath: `${PATHS.trustDir}/${key}`, configMap: { name: name ?? '', key } };
    }
    case 'bundle': {
      const b = trust!._bundle!;
      if (typeof b?.sourceSecretName !== 'string' || !isDnsSubdomain(b.sourceSecretName)) {
        problems.add('certificates.trust.sourceSecretName', `is ${show(b?.sourceSecretName)}`, 'Name the Secret in trust-manager\'s trust namespace that holds the CA certificates');
      }
      // trust-manager writes a ConfigMap named after the Bundle into each selected namespace.
      const key = TLS_SECRET_KEYS.ca;
      return {
        caPath: `${PATHS.trustDir}/${key}`,
        configMap: { name: names.trustBundle, key },
        bundle: { name: names.trustBundle, sources: [{ secretName: b?.sourceSecretName, key: b?.sourceKey ?? TLS_SECRET_KEYS.ca }], namespace: names.namespace },
      };
    }
    default:
      problems.add('certificates.trust', 'is not a TrustSource', 'Use TrustSource.issuedSecret(), TrustSource.fromConfigMap(...) or TrustSource.trustManagerBundle(...)');
      return { caPath: `${PATHS.tlsDir}/${TLS_SECRET_KEYS.ca}` };
  }
}

