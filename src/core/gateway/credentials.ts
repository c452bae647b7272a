// Credentials for the gateway: generated secrets and the SHA-256 digests its Secrets hold. The gateway stores only
// digests; the secret itself is shown once, to whoever generates it.
import { createHash, randomBytes } from 'crypto';

/** A generated bearer token and the Secret entry that admits it. */
export interface GatewayTokenCredential {
  /** The identity it authenticates as (`gateway.authentication.bearerTokens.tokens[].name`). */
  readonly name: string;
  /** The token callers send (`Authorization: Bearer <token>`). Keep it secret; the gateway never sees it stored. */
  readonly token: string;
  /** Hex SHA-256 of the token: the key of the tokens Secret, whose value is `name`. */
  readonly digest: string;
}

/** A generated basic-auth password and the Secret entry that admits it. */
export interface GatewayBasicCredential {
  /** The user name (`gateway.authentication.basicAuth.users[].username`). */
  readonly username: string;
  /** The password (256 random bits). Keep it secret. */
  readonly password: string;
  /** Hex SHA-256 of `username:password`: the key of the basic-auth Secret, whose value is `username`. */
  readonly digest: string;
}

/** Makes credentials for the gateway's bearer-token and basic-auth Secrets. */
export class GatewayCredentials {
  /** A new bearer token (prefix `mgw_`, 256 random bits) for the named identity, and its digest. */
  public static token(name: string): GatewayTokenCredential {
    const token = `mgw_${randomBytes(32).toString('base64url')}`;
    return { name, token, digest: GatewayCredentials.digest(token) };
  }

  /** A new password (256 random bits) for a basic-auth user, and the digest of `username:password`. */
  public static basicAuth(username: string): GatewayBasicCredential {
    if (username.includes(':')) throw new Error(`username "${username}" contains ":", which basic authentication cannot carry`);
    const password = randomBytes(32).toString('base64url');
    return { username, password, digest: GatewayCredentials.digest(`${username}:${password}`) };
  }

  /** Hex SHA-256 of a credential (a token, or `username:password`): how the gateway's Secrets store it. */
  public static digest(credential: string): string {
    return createHash('sha256').update(credential, 'utf8').digest('hex');
  }
}
