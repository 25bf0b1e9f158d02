import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

const intWithDefault = (fallback: number) =>
  z.coerce.number().int().nonnegative().optional().transform((value) => value ?? fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: intWithDefault(3000),
  PALOMPY_DATA_DIR: z.string().default(".data"),
  DATABASE_URL: optionalString,
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
  SCOPES: z.string().default("read_products,read_content,read_legal_policies"),
  PALOMPY_TRUST_PROXY: optionalString,
  // Requests per minute.
  PALOMPY_RATE_CHAT_PER_SESSION: intWithDefault(20),
  PALOMPY_RATE_CHAT_PER_IP: intWithDefault(60),
  PALOMPY_RATE_CHAT_PER_SHOP: intWithDefault(600),
  PALOMPY_RATE_PUBLIC_PER_IP: intWithDefault(240),
  PALOMPY_RATE_ADMIN_PER_IP: intWithDefault(120),
  PALOMPY_RATE_WINDOW_MS: intWithDefault(60_000),
  PALOMPY_CHAT_MAX_MESSAGE_CHARS: intWithDefault(2_000),
  // Cosine similarity below which a chunk without a lexical hit does not count as an answer.
  PALOMPY_ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  PALOMPY_CHAT_CONTEXT_TOKENS: intWithDefault(1_800),
  // Encrypts stored credentials (AES-256-GCM); any string of at least 32 characters.
  PALOMPY_SECRET_KEY: optionalString.refine((value) => value === undefined || value.length >= 32, "must be at least 32 characters"),
  // Whether new WooCommerce stores may register themselves through the plugin.
  PALOMPY_WOO_REGISTRATION: z.enum(["open", "closed"]).default("open"),
  // Lets a store on a loopback/private address register (local development and tests only).
  PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: optionalString,
  PALOMPY_RATE_WOO_REGISTER_PER_IP_HOUR: intWithDefault(10),
  PALOMPY_RATE_WOO_PLUGIN_PER_IP: intWithDefault(120),
  PALOMPY_RATE_WOO_WEBHOOKS_PER_SHOP: intWithDefault(3_000),
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
      ? ({ kind: "postgres", url: e.DATABASE_URL } as const)
      : ({ kind: "pglite", dataDir: resolveDataDir(e.PALOMPY_DATA_DIR) } as const),
    adminToken: e.PALOMPY_ADMIN_TOKEN,
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
      adminPerIp: e.PALOMPY_RATE_ADMIN_PER_IP,
    },
    chat: {
      maxMessageChars: e.PALOMPY_CHAT_MAX_MESSAGE_CHARS,
      answerThreshold: e.PALOMPY_ANSWER_THRESHOLD,
      contextTokenBudget: e.PALOMPY_CHAT_CONTEXT_TOKENS,
    },
    secretKey: e.PALOMPY_SECRET_KEY,
    woocommerce: {
      registration: e.PALOMPY_WOO_REGISTRATION,
      allowPrivateHosts: e.PALOMPY_WOO_ALLOW_PRIVATE_HOSTS === "1" || e.PALOMPY_WOO_ALLOW_PRIVATE_HOSTS === "true",
      registerPerIpPerHour: e.PALOMPY_RATE_WOO_REGISTER_PER_IP_HOUR,
      pluginPerIp: e.PALOMPY_RATE_WOO_PLUGIN_PER_IP,
      webhooksPerShop: e.PALOMPY_RATE_WOO_WEBHOOKS_PER_SHOP,
    },
    shopify:
      e.SHOPIFY_API_KEY && e.SHOPIFY_API_SECRET
        ? { apiKey: e.SHOPIFY_API_KEY, apiSecret: e.SHOPIFY_API_SECRET, appUrl: e.SHOPIFY_APP_URL, scopes: e.SCOPES.split(",") }
        : undefined,
  };
}

/** `memory://` keeps the embedded database in memory (tests); anything else is a folder. */
function resolveDataDir(dir: string): string {
  return dir.startsWith("memory://") ? dir : path.resolve(dir);
}
