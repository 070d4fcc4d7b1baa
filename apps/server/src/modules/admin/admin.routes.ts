import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { errors } from "../../http/errors.ts";
import { PageQuery, pageOf } from "../../http/pagination.ts";
import { requestActor } from "../audit/audit.service.ts";
import { Email, Password, PublicUser, RoleField, Username } from "../users/user-fields.ts";
import { publicUser, type UserRecord } from "../users/users.repository.ts";

const IdParams = z.object({ id: z.string().max(64) });
const ListQuery = PageQuery.extend({
  role: RoleField.optional(),
  is_active: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
const CreateUser = z.object({ username: Username, email: Email, password: Password, role: RoleField });

/** `/api/v1/admin/users`: list, read, create with a role, change role, (de)activate, delete. */
export function adminRoutes(app: App, ctx: AppContext): void {
  const tags = ["admin"];
  const config = { access: "admin" as const };
  const one = { 200: PublicUser };

  app.get(
    "/api/v1/admin/users",
    { config, schema: { tags, summary: "List users", querystring: ListQuery } },
    async (request) => {
      const { page, per_page, ...filter } = request.query;
      const { items, total } = await ctx.users.list(filter, (page - 1) * per_page, per_page);
      return pageOf(items.map(publicUser), total, page, per_page);
    },
  );

  app.get(
    "/api/v1/admin/users/:id",
    { config, schema: { tags, summary: "One user", params: IdParams, response: one } },
    async (request) => {
      const user = await ctx.users.findById(request.params.id);
      if (!user) throw errors.notFound("User");
      return publicUser(user);
    },
  );

  app.post(
    "/api/v1/admin/users",
    {
      config: { ...config, answers: [409] },
      schema: { tags, summary: "Create a user with a role", body: CreateUser, response: { 201: PublicUser } },
    },
    async (request, reply) => {
      const user = await ctx.auth.createUser(request.body);
      await audit(ctx, request, "user.created", user, { role: user.role });
      return reply.code(201).send(publicUser(user));
    },
  );

  app.patch(
    "/api/v1/admin/users/:id/role",
    {
      config,
      schema: {
        tags,
        summary: "Change a user's role",
        params: IdParams,
        body: z.object({ role: RoleField }),
        response: one,
      },
    },
    async (request) => {
      const before = await ctx.users.findById(request.params.id);
      const user = await ctx.adminUsers.changeRole(request.user!, request.params.id, request.body.role);
      await audit(ctx, request, "user.role_changed", user, { from: before?.role ?? null, to: user.role });
      return publicUser(user);
    },
  );

  app.post(
    "/api/v1/admin/users/:id/deactivate",
    {
      config,
      schema: {
        tags,
        summary: "Deactivate a user (their tokens stop at once)",
        params: IdParams,
        response: one,
      },
    },
    async (request) => {
      const user = await ctx.adminUsers.setActive(request.user!, request.params.id, false);
      await audit(ctx, request, "user.deactivated", user);
      return publicUser(user);
    },
  );

  app.post(
    "/api/v1/admin/users/:id/activate",
    { config, schema: { tags, summary: "Re-activate a user", params: IdParams, response: one } },
    async (request) => {
      const user = await ctx.adminUsers.setActive(request.user!, request.params.id, true);
      await audit(ctx, request, "user.activated", user);
      return publicUser(user);
    },
  );

  app.delete(
    "/api/v1/admin/users/:id",
    { config: { ...config, answers: [409] }, schema: { tags, summary: "Delete a user", params: IdParams } },
    async (request) => {
      const user = await ctx.adminUsers.delete(request.user!, request.params.id);
      await audit(ctx, request, "user.deleted", user, { role: user.role });
      return { deleted: true };
    },
  );
}

function audit(
  ctx: AppContext,
  request: Parameters<typeof requestActor>[0],
  action: string,
  user: UserRecord,
  details: Record<string, unknown> = {},
) {
  return ctx.audit.record({
    ...requestActor(request),
    action,
    target_type: "user",
    target_id: user.id,
    details: { username: user.username, ...details },
  });
}
