import multipart from "@fastify/multipart";
import { SigmaImportResultSchema } from "@vigie/contracts";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../container.ts";
import type { App } from "../../http/app.ts";
import { AppError, errors } from "../../http/errors.ts";
import type { SigmaFile } from "../../sigma/batch.ts";
import { LogsourcePipelineSchema, SHIPPED_PIPELINES } from "../../sigma/pipelines/index.ts";
import { originOf } from "../rules/audit-port.ts";
import { PlaceholdersRepository } from "../rules/placeholders.repository.ts";
import { PipelinesRepository } from "./pipelines.repository.ts";
import { exportSigma } from "./sigma-export.ts";
import { checkFileCount, filesOfUpload, SIGMA_BODY_LIMIT } from "./sigma-files.ts";
import { SigmaImportService } from "./sigma-import.service.ts";

const YAML_TYPES = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];
const ImportQuery = z.object({
  dry_run: z.stringbool().default(false).describe("answer what the import would do; store nothing"),
  filename: z.string().max(200).default("rule.yml").describe("the name a YAML body is reported under"),
});
const ErrorBody = z.object({ error: z.string(), message: z.string() }).loose();

/** The files of a Sigma import request: a YAML body, a zip body, or multipart files (YAML or zip). */
async function requestFiles(request: FastifyRequest, filename: string): Promise<SigmaFile[]> {
  if (request.isMultipart()) {
    const files: SigmaFile[] = [];
    for await (const part of request.files({ limits: { fileSize: SIGMA_BODY_LIMIT, files: 5_000 } }))
      files.push(...filesOfUpload(part.filename || part.fieldname, await part.toBuffer()));
    return checkFileCount(files);
  }
  const body = request.body;
  if (typeof body === "string") return checkFileCount([{ name: filename, text: body }]);
  if (body instanceof Buffer)
    return checkFileCount(filesOfUpload(filename.replace(/\.ya?ml$/, ".zip"), body));
  throw new AppError(
    415,
    "UnsupportedMediaType",
    "Send application/yaml, application/zip or multipart/form-data",
  );
}

/** `/api/v1/rules/sigma` (import, supervisor+), `/api/v1/rules/:id/sigma` (export), `/api/v1/sigma/pipelines` (admin). */
export async function sigmaRoutes(app: App, ctx: AppContext): Promise<void> {
  const pipelines = new PipelinesRepository(ctx.db);
  const service = new SigmaImportService(
    ctx.db,
    ctx.bus,
    ctx.audit,
    pipelines,
    new PlaceholdersRepository(ctx.db),
  );
  await app.register(multipart, { limits: { fileSize: SIGMA_BODY_LIMIT, files: 5_000, fields: 10 } });
  app.addContentTypeParser(
    YAML_TYPES,
    { parseAs: "string", bodyLimit: SIGMA_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    "application/zip",
    { parseAs: "buffer", bodyLimit: SIGMA_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  const tags = ["rules"];

  app.post(
    "/api/v1/rules/sigma",
    {
      config: { access: "supervisor" },
      bodyLimit: SIGMA_BODY_LIMIT,
      schema: {
        tags,
        summary: "Import Sigma rules (YAML body, a .zip, or multipart files); dry_run previews",
        description:
          "Per rule: created, updated (same Sigma id) or skipped with the reason and YAML path. Bad input (invalid YAML, unknown modifier, a condition naming a missing selection): 422 naming the file, the rule and the part, nothing stored. One transaction.",
        querystring: ImportQuery,
        response: { 200: SigmaImportResultSchema, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => {
      const files = await requestFiles(request, request.query.filename);
      return service.import(files, request.query.dry_run, originOf(request));
    },
  );

  app.get(
    "/api/v1/rules/:id/sigma",
    {
      config: { access: "analyst" },
      schema: {
        tags,
        summary:
          "A rule as Sigma YAML (an imported rule: its YAML as imported; a correlation: followed by the rules it refers to)",
        produces: ["application/yaml"],
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      const rule = await ctx.rules.get(request.params.id);
      const yaml = exportSigma(rule, await ctx.rules.referenced(rule));
      return reply.type("application/yaml; charset=utf-8").send(yaml);
    },
  );

  app.get(
    "/api/v1/sigma/pipelines",
    {
      config: { access: "analyst" },
      schema: { tags, summary: "Logsource pipelines: the shipped ones, then the admins'" },
    },
    async () => ({ shipped: SHIPPED_PIPELINES, custom: await pipelines.list() }),
  );

  app.put(
    "/api/v1/sigma/pipelines/:name",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Add or replace an admin logsource pipeline",
        params: z.object({ name: z.string().max(100) }),
        body: LogsourcePipelineSchema,
      },
    },
    async (request) => {
      if (request.body.name !== request.params.name.toLowerCase())
        throw errors.validation("The body's name must match the path", [
          { field: "name", message: "must match the path", type: "mismatch" },
        ]);
      const replaced = await pipelines.put(request.body);
      await ctx.audit.record({
        ...originOf(request),
        action: replaced ? "sigma_pipeline.updated" : "sigma_pipeline.created",
        target_type: "sigma_pipeline",
        target_id: request.body.name,
      });
      return request.body;
    },
  );

  app.delete(
    "/api/v1/sigma/pipelines/:name",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Remove an admin logsource pipeline",
        params: z.object({ name: z.string().max(100) }),
      },
    },
    async (request) => {
      if (!(await pipelines.delete(request.params.name))) throw errors.notFound("Pipeline");
      await ctx.audit.record({
        ...originOf(request),
        action: "sigma_pipeline.deleted",
        target_type: "sigma_pipeline",
        target_id: request.params.name,
      });
      return { deleted: true };
    },
  );
}
