import { createHmac, randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

const intWithDefault = (fallback: number) =>
  z.coerce.number().int().nonnegative().optional().transform((value) => value ?? fallback);

export const DEFAULT_DB_POOL_SIZE = 10;

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: intWithDefault(3000),
  PALOMPY_DATA_DIR: z.string().default(".data"),
  DATABASE_URL: optionalString,
  // Connections each instance opens to a PostgreSQL server (Prisma and the job queue share them).
  PALOMPY_DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).optional().transform((value) => value ?? DEFAULT_DB_POOL_SIZE),
  PALOMPY_ADMIN_TOKEN: optionalString,
  PALOMPY_PUBLIC_URL: optionalString,
  PALOMPY_DEMO: optionalString,
  PALOMPY_EMBEDDER: z.enum(["auto", "local", "openai"]).default("auto"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  OPENAI_MODEL: z.string().default("gpt-4.1-mini"),
  OPENAI_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  OPENAI_TIMEOUT_MS: intWithDefault(20_000),
  OPENAI_MAX_RETRIES: intWithDefault(3),
  SHOPIFY_API_KEY: optionalString,
  SHOPIFY_API_SECRET: optionalString,
  SHOPIFY_APP_URL: optionalString,
  // Required scopes only: read_orders (order status in the chat) is optional in shopify.app.toml,
  // granted by the merchant later; listing it here would make every install ask for it.
  SCOPES: z.string().default("read_products,read_inventory,read_online_store_pages,read_legal_policies,write_app_proxy,write_pixels,read_customer_events"),
  PALOMPY_TRUST_PROXY: optionalString,
  // Requests per minute.
  PALOMPY_RATE_CHAT_PER_SESSION: intWithDefault(20),
  PALOMPY_RATE_CHAT_PER_IP: intWithDefault(60),
  PALOMPY_RATE_CHAT_PER_SHOP: intWithDefault(600),
  PALOMPY_RATE_PUBLIC_PER_IP: intWithDefault(240),
  PALOMPY_RATE_PIXEL_ORDERS_PER_SHOP: intWithDefault(300),
  PALOMPY_RATE_ADMIN_PER_IP: intWithDefault(120),
  PALOMPY_RATE_ADMIN_AUTH_FAILURES_PER_IP: intWithDefault(20),
  PALOMPY_RATE_WINDOW_MS: intWithDefault(60_000),
  PALOMPY_RATE_ORDER_LOOKUPS_PER_SESSION: intWithDefault(5),
  PALOMPY_RATE_ORDER_LOOKUPS_PER_SHOP: intWithDefault(100),
  PALOMPY_CHAT_MAX_MESSAGE_CHARS: intWithDefault(2_000),
  // Cosine similarity below which a chunk without a lexical hit does not count as an answer.
  PALOMPY_ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  PALOMPY_CHAT_CONTEXT_TOKENS: intWithDefault(1_800),
  // Days chat logs, leads and widget events are kept (a shop's settings.retentionDays overrides).
  PALOMPY_RETENTION_DAYS: z.coerce.number().int().min(1).optional().transform((value) => value ?? 365),
  // How long POST …/data?wait=true waits for its import job before answering 202.
  PALOMPY_JOB_WAIT_SECONDS: intWithDefault(30),
  // On SIGTERM: how long streaming answers and running jobs get to finish.
  PALOMPY_SHUTDOWN_GRACE_MS: intWithDefault(10_000),
  // Structured JSON logs (app/log.server.ts reads it directly): info, warn, error or silent.
  PALOMPY_LOG_LEVEL: z.enum(["info", "warn", "error", "silent"]).default("info"),
  // Signs console session cookies, one-time console links and handoff webhooks.
  // smtp://user:pass@host:port (or smtps://) for forwarding handoff leads by email.
  SMTP_URL: optionalString,
  SMTP_FROM: optionalString,
  // First retry delay of a failed handoff delivery, in whole seconds on the job queue (doubling, 5 retries).
  PALOMPY_HANDOFF_RETRY_BASE_MS: intWithDefault(30_000),
  // A conversation (its history and the lead it may enrich) ends after this much inactivity.
  PALOMPY_CONVERSATION_IDLE_HOURS: z.coerce.number().positive().max(24 * 365).optional().transform((value) => value ?? 24),
  // Language-model calls per shop per UTC day; past it the offline composer answers. 0 = no cap.
  PALOMPY_MODEL_CALLS_PER_SHOP_DAY: intWithDefault(2_000),
  // Tests and benchmarks: every shop's Admin API calls go to this endpoint (the fake Admin API).
  PALOMPY_SHOPIFY_ADMIN_URL: optionalString,
  PALOMPY_SHOPIFY_ADMIN_TOKEN: optionalString,
  PALOMPY_SHOPIFY_BULK_THRESHOLD: intWithDefault(500),
  PALOMPY_SHOPIFY_BULK_POLL_MS: intWithDefault(1_000),
  // Encrypts stored credentials (AES-256-GCM); any string of at least 32 characters.
  PALOMPY_SECRET_KEY: optionalString.refine((value) => value === undefined || value.length >= 32, "must be at least 32 characters"),
  // Whether new WooCommerce stores may register themselves through the plugin.
  PALOMPY_WOO_REGISTRATION: z.enum(["open", "closed"]).default("open"),
  // Lets a store on a loopback/private address register (local development and tests only).
  PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: optionalString,
  PALOMPY_RATE_WOO_REGISTER_PER_IP_HOUR: intWithDefault(10),
  PALOMPY_RATE_WOO_PLUGIN_PER_IP: intWithDefault(120),
  PALOMPY_RATE_WOO_WEBHOOKS_PER_SHOP: intWithDefault(3_000),
  PALOMPY_RATE_WOO_WEBHOOK_FAILURES_PER_IP: intWithDefault(60),
});

export type AppConfig = ReturnType<typeof loadConfig>;

/** Reads configuration from the environment once, validated, with every default in one place. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    publicUrl: e.PALOMPY_PUBLIC_URL ?? e.SHOPIFY_APP_URL,
    demo: e.PALOMPY_DEMO === "1" || e.PALOMPY_DEMO === "true",
    database: e.DATABASE_URL
      ? ({ kind: "postgres", url: e.DATABASE_URL, poolSize: e.PALOMPY_DB_POOL_SIZE } as const)
      : ({ kind: "pglite", dataDir: resolveDataDir(e.PALOMPY_DATA_DIR) } as const),
    adminToken: e.PALOMPY_ADMIN_TOKEN,
    secretKey: resolveSecretKey(e.PALOMPY_SECRET_KEY, e.PALOMPY_ADMIN_TOKEN),
    handoff: { retryBaseMs: e.PALOMPY_HANDOFF_RETRY_BASE_MS, retries: 5 },
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM ?? "Palompy <no-reply@palompy.local>" } : undefined,
    embedder: e.PALOMPY_EMBEDDER,
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      embeddingModel: e.OPENAI_EMBEDDING_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      maxRetries: e.OPENAI_MAX_RETRIES,
    },
    rateLimits: {
      windowMs: Math.max(1, e.PALOMPY_RATE_WINDOW_MS),
      chatPerSession: e.PALOMPY_RATE_CHAT_PER_SESSION,
      chatPerIp: e.PALOMPY_RATE_CHAT_PER_IP,
      chatPerShop: e.PALOMPY_RATE_CHAT_PER_SHOP,
      publicPerIp: e.PALOMPY_RATE_PUBLIC_PER_IP,
      // Orders from the unsigned Shopify pixel: a cap on what one shop can be flooded with.
      pixelOrdersPerShop: e.PALOMPY_RATE_PIXEL_ORDERS_PER_SHOP,
      adminPerIp: e.PALOMPY_RATE_ADMIN_PER_IP,
      adminAuthFailuresPerIp: e.PALOMPY_RATE_ADMIN_AUTH_FAILURES_PER_IP,
      // Order lookups in the chat: few per session so order numbers cannot be enumerated, and a
      // shop-wide cap against an enumerator that rotates session ids.
      orderLookupsPerSession: e.PALOMPY_RATE_ORDER_LOOKUPS_PER_SESSION,
      orderLookupsPerShop: e.PALOMPY_RATE_ORDER_LOOKUPS_PER_SHOP,
    },
    chat: {
      maxMessageChars: e.PALOMPY_CHAT_MAX_MESSAGE_CHARS,
      answerThreshold: e.PALOMPY_ANSWER_THRESHOLD,
      contextTokenBudget: e.PALOMPY_CHAT_CONTEXT_TOKENS,
      conversationIdleHours: e.PALOMPY_CONVERSATION_IDLE_HOURS,
      modelCallsPerShopDay: e.PALOMPY_MODEL_CALLS_PER_SHOP_DAY,
    },
    retention: { defaultDays: e.PALOMPY_RETENTION_DAYS },
    jobs: { waitMs: e.PALOMPY_JOB_WAIT_SECONDS * 1000, shutdownGraceMs: e.PALOMPY_SHUTDOWN_GRACE_MS },
    woocommerce: {
      // Stored platform credentials are encrypted only under an operator-configured key, never a derived one.
      credentialKey: e.PALOMPY_SECRET_KEY,
      registration: e.PALOMPY_WOO_REGISTRATION,
      allowPrivateHosts: e.PALOMPY_WOO_ALLOW_PRIVATE_HOSTS === "1" || e.PALOMPY_WOO_ALLOW_PRIVATE_HOSTS === "true",
      registerPerIpPerHour: e.PALOMPY_RATE_WOO_REGISTER_PER_IP_HOUR,
      pluginPerIp: e.PALOMPY_RATE_WOO_PLUGIN_PER_IP,
      webhooksPerShop: e.PALOMPY_RATE_WOO_WEBHOOKS_PER_SHOP,
      webhookFailuresPerIp: e.PALOMPY_RATE_WOO_WEBHOOK_FAILURES_PER_IP,
    },
    shopify:
      e.SHOPIFY_API_KEY && e.SHOPIFY_API_SECRET
        ? { apiKey: e.SHOPIFY_API_KEY, apiSecret: e.SHOPIFY_API_SECRET, appUrl: e.SHOPIFY_APP_URL, scopes: e.SCOPES.split(",") }
        : undefined,
    shopifyAdminOverride: e.PALOMPY_SHOPIFY_ADMIN_URL ? { url: e.PALOMPY_SHOPIFY_ADMIN_URL, token: e.PALOMPY_SHOPIFY_ADMIN_TOKEN ?? "" } : undefined,
    shopifySync: { bulkThreshold: e.PALOMPY_SHOPIFY_BULK_THRESHOLD, bulkPollMs: Math.max(1, e.PALOMPY_SHOPIFY_BULK_POLL_MS) },
  };
}

/**
 * PALOMPY_SECRET_KEY when set. Otherwise (dev, demo, tests) one is derived from the admin token so
 * sessions survive a restart, or, with neither, generated for this process only (sessions and
 * console links then end with it). `source` says which, so startup can tell the operator.
 */
function resolveSecretKey(configured: string | undefined, adminToken: string | undefined) {
  if (configured) return { value: configured, source: "configured" as const };
  if (adminToken) return { value: createHmac("sha256", "palompy-secret-key").update(adminToken).digest("base64url"), source: "derived" as const };
  return { value: randomBytes(32).toString("base64url"), source: "generated" as const };
}

/** `memory://` keeps the embedded database in memory (tests); anything else is a folder. */
function resolveDataDir(dir: string): string {
  return dir.startsWith("memory://") ? dir : path.resolve(dir);
}
