import { webcrypto } from "node:crypto";
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
const MAX_TOKEN_AGE_SECONDS = TOKEN_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS;
/** How many verified tokens are remembered (a console sends the same token with every request). */
const REMEMBERED_TOKENS = 10_000;

/** A verified token's claims and the times its validity is checked against on every use. */
type Verified = TokenClaims & { iat: number; exp: number };

/** Signs and verifies HS256 access tokens with one key; any other algorithm is refused. */
export class TokenService {
  // Imported once: given the secret's bytes, jose imports a WebCrypto key on every call, which was most of
  // the cost of authenticating an API request (78–133 µs a verification against 28 with the key imported).
  private readonly key: Promise<webcrypto.CryptoKey>;
  // Tokens whose signature and claims were verified, by their text: a use within their lifetime skips
  // the HMAC (WebCrypto's is an asynchronous job of about 50 µs), and only the times are checked again.
  private readonly verified = new Map<string, Verified>();

  constructor(secret: string) {
    this.key = webcrypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
  }

  /** Issues a token carrying `iss, sub, iat, exp, username, role, ver`. */
  async issue(claims: TokenClaims): Promise<string> {
    return new SignJWT({ username: claims.username, role: claims.role, ver: claims.ver })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
      .sign(await this.key);
  }

  /** Verifies signature, algorithm, issuer, expiry, age and required claims; throws AuthenticationError otherwise. */
  async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known) return this.#stillValid(token, known);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, await this.key, {
        algorithms: ["HS256"],
        issuer: TOKEN_ISSUER,
        requiredClaims: ["sub", "iat", "exp"],
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
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
      lifetime <= MAX_TOKEN_AGE_SECONDS &&
      typeof sub === "string" &&
      typeof username === "string" &&
      ROLES.includes(role as Role) &&
      Number.isInteger(ver);
    if (!valid) throw errors.unauthenticated("Invalid token");
    const claims = { sub, username, role: role as Role, ver: ver as number };
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { ...claims, iat: iat as number, exp: exp as number });
    return claims;
  }

  /** A remembered token's claims, while its expiry and age pass the checks `jwtVerify` made (same tolerance). */
  #stillValid(token: string, { iat, exp, ...claims }: Verified): TokenClaims {
    const now = Math.floor(Date.now() / 1000);
    if (exp > now - CLOCK_TOLERANCE_SECONDS && now - iat - CLOCK_TOLERANCE_SECONDS <= MAX_TOKEN_AGE_SECONDS)
      return claims;
    this.verified.delete(token);
    throw errors.unauthenticated("Token expired");
  }
}
