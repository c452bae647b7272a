// Tenancy and lockdown: multi-tenancy, federation (on every component, as Mimir asks), the configuration APIs, the
// Alertmanager receivers firewall, encryption at rest and the runtime configuration file every component reloads.
import { PATHS } from '../../names';
import { Flag } from '../flag';
import { FlagContext } from './context';

export function tenancyFlags({ dialect, checked, component }: FlagContext): Flag[] {
  const t = checked.tenancy;
  const f = dialect.tenancyFlags;
  const flag = (name: string, value: string): Flag => ({ name, value, role: 'tenancy' });
  const out: Flag[] = [];
  if (!t.multitenancy) {
    out.push(flag(f.multitenancy, 'false'));
    if (f.noAuthTenant) out.push(flag(f.noAuthTenant, t.noAuthTenant));
  }
  if (t.federation) {
    out.push(flag(f.federation, 'true'));
    if (t.maxFederatedTenants !== undefined && checked.version?.flags.has(f.maxFederatedTenants)) out.push(flag(f.maxFederatedTenants, String(t.maxFederatedTenants)));
  }
  const versionFlags = checked.version?.flags ?? new Set<string>();
  if (component.spec.id === 'ruler') {
    if (t.rulerFederation) out.push(flag(f.rulerFederation, 'true'));
    if (t.rulerApi !== f.apiDefault) out.push(flag(f.rulerApi(versionFlags), String(t.rulerApi)));
  }
  if (component.spec.id === 'alertmanager') {
    if (t.alertmanagerApi !== f.apiDefault) out.push(flag(f.alertmanagerApi(versionFlags), String(t.alertmanagerApi)));
    out.push(flag(f.firewallBlockPrivate, String(t.firewall.blockPrivateAddresses)));
    if (t.firewall.blockCidrNetworks) out.push(flag(f.firewallBlockCidrs, t.firewall.blockCidrNetworks));
  }
  if (component.spec.objectStorage && t.encryption) {
    for (const prefix of dialect.storage.prefixes) {
      out.push(flag(f.sse(prefix, 'type'), t.encryption.type));
      if (t.encryption.kmsKeyId) out.push(flag(f.sse(prefix, 'kms-key-id'), t.encryption.kmsKeyId));
      if (t.encryption.kmsEncryptionContext) out.push(flag(f.sse(prefix, 'kms-encryption-context'), t.encryption.kmsEncryptionContext));
    }
  }
  out.push(flag(f.runtimeConfigFile, `${PATHS.runtimeConfigDir}/${PATHS.runtimeConfigFile}`));
  return out;
}
