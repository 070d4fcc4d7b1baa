import { ROLES, type Role } from "@vigie/contracts";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { errors } from "../../http/errors.ts";

/** What a valid access token says about its bearer. */
export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  /** The user's token version when issued: a password change or deactivation bumps it. */
  ver: number;
}

/** Access tokens live 24 hours (CONTRACT). */
export const TOKEN_TTL_SECONDS = 24 * 3600;
/** The issuer every Vigie token carries, so a token minted by another application with the same key is refused. */
export const TOKEN_ISSUER = "vigie";
const CLOCK_TOLERANCE_SECONDS = 30;

/** Signs and verifies HS256 access tokens with one key; any other algorithm is refused. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Issues a token carrying `iss, sub, iat, exp, username, role, ver`. */
  issue(claims: TokenClaims): Promise<string> {
    return new SignJWT({ username: claims.username, role: claims.role, ver: claims.ver })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** Verifies signature, algorithm, issuer, expiry, age and required claims; throws AuthenticationError otherwise. */
  async verify(token: string): Promise<TokenClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        issuer: TOKEN_ISSUER,
        requiredClaims: ["sub", "iat", "exp"],
        maxTokenAge: TOKEN_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw errors.unauthenticated("Token expired");
      throw errors.unauthenticated("Invalid token");
    }
    const { sub, username, role, ver, iat, exp } = payload;
    // A correctly signed token must still not outlive what Vigie issues (a leaked key is not a licence for 10 years).
    const lifetime = (exp as number) - (iat as number);
    const valid =
      lifetime <= TOKEN_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS &&
      typeof sub === "string" &&
      typeof username === "string" &&
      ROLES.includes(role as Role) &&
      Number.isInteger(ver);
    if (!valid) throw errors.unauthenticated("Invalid token");
    return { sub, username, role: role as Role, ver: ver as number };
  }
}
