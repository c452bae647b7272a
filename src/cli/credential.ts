// `cdk8s-mimir credential token|basic <name>`: a new gateway credential, shown once, with the digest its Secret holds.
import { GatewayCredentials } from '../core/gateway/credentials';
import { UsageError } from './options';


/** The command's output: the secret, its digest and the kubectl command adding the digest to the Secret. */
export function credentialCommand(args: readonly string[]): string {
  const [kind, name, ...rest] = args;
  if (kind !== 'token' && kind !== 'basic') throw new UsageError('credential takes "token" or "basic"');
  if (!name || name.startsWith('-')) throw new UsageError(`credential ${kind} needs a ${kind === 'token' ? 'token name' : 'user name'}`);
  const opts: { [k: string]: string } = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i].replace(/^--/, '');
    if (!['secret', 'namespace'].includes(key) || rest[i + 1] === undefined) throw new UsageError(`unknown or incomplete option ${rest[i]}`);
    opts[key] = rest[i + 1];
  }
  const c = kind === 'token' ? GatewayCredentials.token(name) : GatewayCredentials.basicAuth(name);
  const secret = 'token' in c ? c.token : c.password;
  const ns = opts.namespace ? ` -n ${opts.namespace}` : '';
  const secretName = opts.secret ?? (kind === 'token' ? '<bearerTokens.secretName>' : '<basicAuth.secretName>');
  return [
    `${kind === 'token' ? 'token' : 'password'}: ${secret}`,
    `digest: ${c.digest}`,
    '# The secret is shown once: give it to the client. Add the digest to the Secret (a new key; existing ones stay):',
    `kubectl${ns} patch secret ${secretName} --type merge -p '{"stringData":{"${c.digest}":"${name}"}}'`,
    `# or, for a new Secret: kubectl${ns} create secret generic ${secretName} --from-literal=${c.digest}=${name}`,
    '',
  ].join('\n');
}
