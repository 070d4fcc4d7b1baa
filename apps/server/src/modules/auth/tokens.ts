import { SignJWT, errors as joseErrors, jwtVerify } from "jose";
import { ROLES, type Role } from "@vigie/contracts";
import { errors } from "../../http/errors.ts";

/** What a valid access token says about its bearer. */
export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
}

/** Access tokens live 24 hours (CONTRACT). */
export const TOKEN_TTL_SECONDS = 24 * 3600;

/** Signs and verifies HS256 access tokens with one key; any other algorithm is refused. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Issues a token carrying `sub, iat, exp, username, role`. */
  issue(claims: TokenClaims): Promise<string> {
    return new SignJWT({ username: claims.username, role: claims.role })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** Verifies signature, algorithm, expiry and required claims; throws AuthenticationError otherwise. */
  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        requiredClaims: ["sub", "iat", "exp"],
      });
      const role = payload.role as Role;
      if (typeof payload.username !== "string" || !ROLES.includes(role)) throw errors.unauthenticated("Invalid token");
      return { sub: payload.sub as string, username: payload.username, role };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw errors.unauthenticated("Token expired");
      throw errors.unauthenticated("Invalid token");
    }
  }
}
