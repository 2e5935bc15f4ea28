// Bearer-token authentication and a small RBAC: each token is a user allowed some verbs on
// some resources, so that 401 and 403 answers look like a real cluster's.
import { forbidden, unauthorized } from './status';

export interface Identity {
  user: string;
  /** Answers whether this user may do `verb` on `plural` in `namespace`; everything when absent. */
  may?: (verb: string, plural: string, namespace: string | undefined) => boolean;
}

export class Authenticator {
  private readonly tokens = new Map<string, Identity>();
  /** Who a request without credentials is (kubectl sends no token over plain http); none: 401. */
  anonymous: Identity | undefined;

  grant(token: string, identity: Identity): void {
    this.tokens.set(token, identity);
  }

  /** Expires a token: its requests answer 401 from now on. */
  revoke(token: string): void {
    this.tokens.delete(token);
  }

  authenticate(header: string | undefined): Identity {
    if (header === undefined && this.anonymous) return this.anonymous;
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    const identity = match ? this.tokens.get(match[1]) : undefined;
    if (!identity) throw unauthorized();
    return identity;
  }

  authorize(identity: Identity, verb: string, resource: string, group: string, namespace: string | undefined, name?: string): void {
    if (identity.may && !identity.may(verb, resource, namespace)) throw forbidden(identity.user, verb, resource, group, namespace, name);
  }
}
