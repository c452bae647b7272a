// cdk8s-plus workloads with the pod-spec fields cdk8s-plus-28 cannot express (volume claim templates,
// required node affinity and anti-affinity by label expressions, topology spread constraints). They are
// added to the rendered spec by name, never by position, and nothing rendered by cdk8s-plus is changed.
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';


/** Options of the persistent volume each pod of a StatefulSet gets. @internal */
export interface ClaimTemplateOptions {
  /** Name of the pod volume the claim replaces; it is mounted through a placeholder Volume of that name. */
  readonly volumeName: string;
  readonly size: string;
  readonly storageClassName?: string;
}

/** Pod-spec additions. @internal */
export interface PodExtras {
  readonly claim?: ClaimTemplateOptions;
  readonly affinity?: kplus.k8s.Affinity;
  readonly topologySpreadConstraints?: kplus.k8s.TopologySpreadConstraint[];
}

function withExtras(template: kplus.k8s.PodTemplateSpec, extras: PodExtras): kplus.k8s.PodTemplateSpec {
  const spec = template.spec!;
  return {
    ...template,
    spec: {
      ...spec,
      volumes: extras.claim ? (spec.volumes ?? []).filter((v) => v.name !== extras.claim!.volumeName) : spec.volumes,
      affinity: extras.affinity ?? spec.affinity,
      topologySpreadConstraints: extras.topologySpreadConstraints ?? spec.topologySpreadConstraints,
    },
  };
}

/** @internal */
export class MimirStatefulSet extends kplus.StatefulSet {
  private readonly extras: PodExtras;

  constructor(scope: Construct, id: string, props: kplus.StatefulSetProps, extras: PodExtras) {
    super(scope, id, props);
    this.extras = extras;
  }

  /** @internal */
  public _toKube(): kplus.k8s.StatefulSetSpec {
    const spec = super._toKube();
    const claim = this.extras.claim;
    return {
      ...spec,
      template: withExtras(spec.template, this.extras),
      volumeClaimTemplates: claim ? [{
        metadata: { name: claim.volumeName },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: claim.storageClassName,
          resources: { requests: { storage: kplus.k8s.Quantity.fromString(claim.size) } },
        },
      }] : spec.volumeClaimTemplates,
    };
  }
}

/** @internal */
export class MimirDeployment extends kplus.Deployment {
  private readonly extras: PodExtras;

  constructor(scope: Construct, id: string, props: kplus.DeploymentProps, extras: PodExtras) {
    super(scope, id, props);
    this.extras = extras;
  }

  /** @internal */
  public _toKube(): kplus.k8s.DeploymentSpec {
    const spec = super._toKube();
    return { ...spec, template: withExtras(spec.template, this.extras) };
  }
}
