import { z } from "zod";
import { chatDependencies } from "~/chat/service.server";
import { answeringChunks, isRelevant, withinTokenBudget } from "~/chat/context";
import { composerLanguage, detectLanguage } from "~/chat/language";
import { composeOfflineAnswer } from "~/chat/offline-composer";
import { shopProfile } from "~/chat/shop-profile";
import type { AppContext } from "~/app-context";
import { parseWith } from "~/http/body";
import { HttpError } from "~/http/errors";
import { csvToImportPayload } from "~/knowledge/csv-payload";
import { MAX_IMPORT_BYTES, parseImportPayload } from "~/knowledge/payload";
import { IMPORT_JOB_KIND, queueImport, RemovalNotConfirmedError } from "~/knowledge/import-job.server";
import { deleteItem, getKnowledgeItem, listKnowledge, type ImportResult } from "~/knowledge/store.server";
import { listJobs } from "~/jobs/records.server";

export const KNOWLEDGE_UPLOAD_MAX_BYTES = MAX_IMPORT_BYTES;
const UPLOAD_WAIT_MS = 5_000;
/** The page lists this many of the latest imports, with the progress of those still running. */
const RECENT_IMPORTS = 5;
const SOURCE_TYPES = ["product", "faq", "policy", "page"] as const;

const listQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  sourceType: z.enum(SOURCE_TYPES).optional(),
});

export async function loadKnowledgePage(app: AppContext, shop: { id: string }, request: Request) {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const query = parseWith(listQuerySchema, params);
  const pageSize = 25;
  const [list, imports] = await Promise.all([
    listKnowledge(app.db.prisma, shop.id, { page: query.page, pageSize, sourceType: query.sourceType }),
    listJobs(app.db.prisma, shop.id, { page: 1, pageSize: RECENT_IMPORTS, kind: IMPORT_JOB_KIND }),
  ]);
  return {
    ...list,
    imports: imports.jobs.map((job) => ({
      id: job.id,
      state: job.state,
      done: job.progress.done,
      total: job.progress.total,
      errorCount: job.errorCount,
      lastError: job.errors.at(-1)?.message ?? null,
      createdAt: new Date(job.createdAt).toISOString(),
    })),
    items: list.items.map((item) => ({ ...item, updatedAt: new Date(item.updatedAt).toISOString() })),
    page: query.page,
    pageSize,
    sourceType: query.sourceType ?? "",
  };
}

const itemParamsSchema = z.object({ sourceType: z.enum(SOURCE_TYPES), sourceId: z.string().min(1).max(255) });

/** One stored item for the merchant to read: its text as the assistant sees it, chunk by chunk. */
export async function loadKnowledgeItem(app: AppContext, shop: { id: string }, params: Record<string, string | undefined>) {
  const { sourceType, sourceId } = parseWith(itemParamsSchema, params);
  const chunks = await getKnowledgeItem(app.db.prisma, shop.id, sourceType, sourceId);
  if (chunks.length === 0) throw new HttpError(404, "item_not_found", `No ${sourceType} with id ${sourceId} in this shop's knowledge.`, "sourceId");
  const first = chunks[0];
  return {
    sourceType,
    sourceId,
    title: first.title,
    url: first.url,
    price: first.price,
    currency: first.currency,
    sku: first.sku,
    updatedAt: chunks.reduce((latest, chunk) => (chunk.updatedAt > latest ? chunk.updatedAt : latest), first.updatedAt).toISOString(),
    chunks: chunks.map((chunk) => ({ index: chunk.chunkIndex, text: chunk.text })),
  };
}

export type KnowledgeItemData = Awaited<ReturnType<typeof loadKnowledgeItem>>;

/** The knowledge page's forms, told apart by `intent`: upload a JSON or CSV file, delete one item, or try a question. */
export async function knowledgeAction(app: AppContext, shop: { id: string; name: string; settings: unknown }, form: FormData) {
  const intent = form.get("intent");
  if (intent === "upload") return uploadKnowledge(app, shop, form);
  if (intent === "delete") {
    const { sourceType, sourceId } = parseWith(z.object({ sourceType: z.enum(SOURCE_TYPES), sourceId: z.string().min(1).max(200) }), Object.fromEntries(form));
    const removed = await deleteItem(app.db.prisma, shop.id, sourceType, sourceId);
    if (!removed) throw new HttpError(404, "item_not_found", "No such item in this shop's knowledge.", "sourceId");
    return { intent: "delete" as const, removed, sourceId };
  }
  if (intent === "try") return tryQuestion(app, shop, String(form.get("question") ?? ""));
  throw new HttpError(422, "invalid_field", "Unknown form intent.", "intent");
}

async function uploadKnowledge(app: AppContext, shop: { id: string }, form: FormData) {
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) throw new HttpError(422, "invalid_field", "Choose a JSON or CSV file to upload.", "file");
  const mode = form.get("mode") === "full" ? "full" : "merge";
  const text = await file.text();
  const isCsv = /\.csv$/i.test(file.name) || file.type === "text/csv";
  let json: unknown;
  if (isCsv) {
    const converted = csvToImportPayload(text);
    if (!converted.ok) throw new HttpError(converted.status, "invalid_field", converted.message, converted.field);
    json = converted.data;
  } else {
    try {
      json = JSON.parse(text);
    } catch {
      throw new HttpError(400, "invalid_json", "The file is not valid JSON (or name it .csv for a CSV).", "file");
    }
  }
  const parsed = parseImportPayload(json);
  if (!parsed.ok) throw new HttpError(parsed.status, "invalid_field", parsed.message, parsed.field);
  let jobId: string;
  try {
    ({ jobId } = await queueImport(app, shop.id, { raw: json, parsed: parsed.data }, { mode, confirmRemoval: form.get("confirmRemoval") === "on" }));
  } catch (error) {
    if (!(error instanceof RemovalNotConfirmedError)) throw error;
    throw new HttpError(409, "removal_not_confirmed", `${error.message} Tick "Yes, remove them" and upload again if that is intended.`, "confirmRemoval");
  }
  // A small file is usually imported within moments: answer with its result then; a large one
  // goes on in the background and the page shows its progress.
  const job = await app.jobs.waitFor(shop.id, jobId, UPLOAD_WAIT_MS);
  if (job?.state === "succeeded") return { intent: "upload" as const, mode, result: job.result as ImportResult };
  if (job?.state === "failed") throw new HttpError(422, "import_failed", `The import failed: ${job.errors.at(-1)?.message ?? "unknown error"}`, "file");
  return { intent: "upload" as const, mode, job: { id: jobId } };
}

/**
 * What the assistant would find for a question, without logging a conversation: every retrieved
 * item with its scores and whether it counts as an answer, and the answer composed from them
 * (the offline composer's; with a model configured the model phrases it from the same sources).
 */
async function tryQuestion(app: AppContext, shop: { id: string; name: string; settings: unknown }, question: string) {
  const message = parseWith(z.object({ question: z.string().trim().min(1, "type a question").max(app.config.chat.maxMessageChars) }), { question }).question;
  const deps = chatDependencies(app, { id: shop.id });
  const chunks = await deps.retrieve(message, { limit: 10 });
  const relevant = withinTokenBudget(
    answeringChunks(chunks, (chunk) => isRelevant(chunk, deps.similarityThreshold)),
    deps.contextTokenBudget,
  );
  const profile = shopProfile(shop);
  const language = composerLanguage(detectLanguage(message, { fallback: profile.defaultLanguage }));
  const answer = composeOfflineAnswer({ message, language, chunks: relevant, profile });
  const usedIds = new Set(answer.used.map((chunk) => chunk.chunkId));
  return {
    intent: "try" as const,
    question: message,
    answer: answer.text,
    model: deps.provider ? `${deps.provider.name} (${deps.provider.model})` : null,
    sources: chunks.map((chunk) => ({
      sourceType: chunk.sourceType,
      sourceId: chunk.sourceId,
      title: chunk.title,
      score: chunk.score,
      similarity: chunk.similarity,
      relevant: relevant.includes(chunk),
      used: usedIds.has(chunk.chunkId),
    })),
  };
}

export type KnowledgePageData = Awaited<ReturnType<typeof loadKnowledgePage>>;
export type KnowledgeActionResult = Awaited<ReturnType<typeof knowledgeAction>>;
