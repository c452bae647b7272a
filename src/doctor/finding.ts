// One problem the doctor found: how bad it is, where, what Mimir would print, and what to change.
import { SourceRef } from './manifests';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly severity: Severity;
  /** Stable check id, e.g. `tls.client-block` or `startup.QF-01`. */
  readonly check: string;
  /** The workloads involved (Kubernetes names). */
  readonly components: readonly string[];
  /** The edge, as `client → server [prefix]`, when the finding is about one. */
  readonly edge?: string;
  /** What goes wrong at run time, as Mimir or the TLS stack reports it. */
  readonly message: string;
  /** The flag or field to change. */
  readonly fix: string;
  readonly source: SourceRef;
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];
