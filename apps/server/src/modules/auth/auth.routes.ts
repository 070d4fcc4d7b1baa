import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { AppError, errors } from "../../http/errors.ts";
import { requestActor } from "../audit/audit.service.ts";
import { Email, Password, PublicUser, TimeZoneField, Username } from "../users/user-fields.ts";
import { publicUser } from "../users/users.repository.ts";

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const RegisterBody = z.object({ username: Username, email: Email, password: Password });
const ProfileBody = z.object({
  current_password: Password,
  username: Username.optional(),
  email: Email.optional(),
  password: Password.optional(),
});
const PreferencesBody = z.object({ time_zone: TimeZoneField });
const TokenResponse = z.object({ access_token: z.string(), token_type: z.literal("bearer") });
const ProfileResponse = PublicUser.extend({
  access_token: z.string().optional(),
  token_type: z.literal("bearer").optional(),
});

/** `/api/v1/auth`: login, registration (when allowed), the current user and their profile changes. */
export function authRoutes(app: App, ctx: AppContext): void {
  const tags = ["auth"];
  app.post(
    "/api/v1/auth/login",
    {
      config: { access: "public", rateLimitPolicy: "auth", answers: [401] },
      schema: { tags, summary: "Sign in", body: LoginBody, response: { 200: TokenResponse } },
    },
    async (request) => {
      const { username, password } = request.body;
      try {
        const { access_token, token_type, user } = await ctx.auth.login(username, password);
        await ctx.audit.record({
          actor: { id: user.id, username: user.username },
          ip: request.ip,
          action: "auth.login",
          target_type: "user",
          target_id: user.id,
        });
        return { access_token, token_type };
      } catch (error) {
        await auditFailedLogin(ctx, request, username, error);
        throw error;
      }
    },
  );

  app.post(
    "/api/v1/auth/register",
    {
      config: { access: "public", rateLimitPolicy: "auth", answers: [403, 409] },
      schema: {
        tags,
        summary: "Create an analyst account (when registration is open)",
        body: RegisterBody,
        response: { 201: TokenResponse },
      },
    },
    async (request, reply) => {
      if (!ctx.config.VIGIE_ALLOW_REGISTRATION) throw errors.forbidden("Registration is disabled");
      const { access_token, token_type, user } = await ctx.auth.register(request.body);
      await ctx.audit.record({
        actor: { id: user.id, username: user.username },
        ip: request.ip,
        action: "user.registered",
        target_type: "user",
        target_id: user.id,
        details: { role: user.role },
      });
      return reply.code(201).send({ access_token, token_type });
    },
  );

  app.get(
    "/api/v1/auth/me",
    {
      config: { access: "analyst" },
      schema: { tags, summary: "The signed-in user", response: { 200: PublicUser } },
    },
    async (request) => {
      const user = await ctx.users.findById(request.user!.id);
      if (!user) throw errors.unauthenticated();
      return publicUser(user);
    },
  );

  app.patch(
    "/api/v1/auth/me",
    {
      // It checks a password, so it gets the sign-in limit: a stolen token cannot guess the current password fast.
      config: { access: "analyst", rateLimitPolicy: "auth", answers: [403, 409] },
      schema: {
        tags,
        summary:
          "Change your username, email or password (current password required; a new token is returned when needed)",
        body: ProfileBody,
        response: { 200: ProfileResponse },
      },
    },
    async (request) => {
      const { user, token, changed } = await ctx.auth.updateProfile(request.user!.id, request.body);
      await ctx.audit.record({
        ...requestActor(request),
        action: "user.profile_updated",
        target_type: "user",
        target_id: user.id,
        details: { fields: changed },
      });
      return { ...publicUser(user), ...(token ?? {}) };
    },
  );

  app.patch(
    "/api/v1/auth/me/preferences",
    {
      config: { access: "analyst" },
      schema: {
        tags,
        summary:
          "Change your own display preferences: the time zone dates are shown in (null: the browser's)",
        body: PreferencesBody,
        response: { 200: PublicUser },
      },
    },
    async (request) => {
      const before = await ctx.users.findById(request.user!.id);
      const user = await ctx.users.updatePreferences(request.user!.id, { timeZone: request.body.time_zone });
      if (!before || !user) throw errors.unauthenticated("User no longer exists");
      await ctx.audit.record({
        ...requestActor(request),
        action: "user.preferences_updated",
        target_type: "user",
        target_id: user.id,
        details: { time_zone: { from: before.timeZone, to: user.timeZone } },
      });
      return publicUser(user);
    },
  );
}

async function auditFailedLogin(
  ctx: AppContext,
  request: FastifyRequest,
  username: string,
  error: unknown,
): Promise<void> {
  if (!(error instanceof AppError) || error.status !== 401) return;
  await ctx.audit.record({
    actor: null,
    ip: request.ip,
    action: "auth.login_failed",
    target_type: "user",
    target_id: null,
    details: { username: username.slice(0, 64), reason: error.message },
  });
}
