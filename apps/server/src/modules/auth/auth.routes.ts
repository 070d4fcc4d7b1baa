import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { publicUser } from "../users/users.repository.ts";

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const TokenResponse = z.object({ access_token: z.string(), token_type: z.literal("bearer") });

/** `/api/v1/auth`: login and the current user. */
export function authRoutes(app: App, ctx: AppContext): void {
  app.post(
    "/api/v1/auth/login",
    {
      config: { access: "public" },
      schema: { tags: ["auth"], summary: "Sign in", body: LoginBody, response: { 200: TokenResponse } },
    },
    async (request) => {
      const { access_token, token_type } = await ctx.auth.login(request.body.username, request.body.password);
      return { access_token, token_type };
    },
  );

  app.get(
    "/api/v1/auth/me",
    { config: { access: "analyst" }, schema: { tags: ["auth"], summary: "The signed-in user" } },
    async (request) => {
      const user = await ctx.users.findById(request.user!.id);
      if (!user) throw errors.unauthenticated();
      return publicUser(user);
    },
  );
}
