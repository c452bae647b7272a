import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Options of the persistent volume a StatefulSet's pods each get. @internal */
export interface ClaimTemplateOptions {
  /** Name of the pod volume the claim replaces; it must be mounted from a placeholder Volume of that name. */
  readonly volumeName: string;
  readonly size: string;
  readonly storageClassName?: string;
}

/**
 * A cdk8s-plus StatefulSet with one volumeClaimTemplate, which cdk8s-plus-28 cannot express. The data volume is
 * mounted through a placeholder Volume of the same name, so cdk8s-plus still renders the mount; the rendered
 * spec then drops that placeholder from the pod volumes and adds the claim template, matched by name.
 *
 * @internal
 */
export class StatefulSetWithClaim extends kplus.StatefulSet {
  private readonly claim: ClaimTemplateOptions;

  constructor(scope: Construct, id: string, props: kplus.StatefulSetProps, claim: ClaimTemplateOptions) {
    super(scope, id, props);
    this.claim = claim;
  }

  /** @internal */
  public _toKube(): kplus.k8s.StatefulSetSpec {
    const spec = super._toKube();
    const podSpec = spec.template.spec!;
    return {
      ...spec,
      template: { ...spec.template, spec: { ...podSpec, volumes: (podSpec.volumes ?? []).filter((v) => v.name !== this.claim.volumeName) } },
      volumeClaimTemplates: [{
        metadata: { name: this.claim.volumeName },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: this.claim.storageClassName,
          resources: { requests: { storage: kplus.k8s.Quantity.fromString(this.claim.size) } },
        },
      }],
    };
  }
}
