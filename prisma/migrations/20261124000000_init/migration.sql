-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "unaccent";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "vector";

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('standalone', 'shopify', 'woocommerce');

-- CreateEnum
CREATE TYPE "SourceType" AS ENUM ('product', 'faq', 'policy', 'page');

-- CreateTable
CREATE TABLE "shops" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "public_key" UUID NOT NULL,
    "platform" "Platform" NOT NULL DEFAULT 'standalone',
    "domain" TEXT,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_chunks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "shop_id" UUID NOT NULL,
    "source_type" "SourceType" NOT NULL,
    "source_id" TEXT NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "price" TEXT,
    "currency" TEXT,
    "image" TEXT,
    "sku" TEXT,
    "text" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "embedding_model" TEXT NOT NULL,
    "embedding_dim" INTEGER NOT NULL,
    "embedding" vector NOT NULL,
    "search_vector" tsvector NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "knowledge_chunks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_logs" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "message" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "context" JSONB NOT NULL DEFAULT '[]',
    "sources" JSONB NOT NULL DEFAULT '[]',
    "provider" TEXT NOT NULL,
    "model" TEXT,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "retrieval_ms" INTEGER NOT NULL,
    "generation_ms" INTEGER NOT NULL,
    "fallback_reason" TEXT,
    "unanswered" BOOLEAN NOT NULL DEFAULT false,
    "page_url" TEXT,
    "feedback_vote" TEXT,
    "feedback_comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "surveys" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "questions" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "surveys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_responses" (
    "id" UUID NOT NULL,
    "survey_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "answers" JSONB NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_responses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "widget_events" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "page_url" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "widget_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leads" (
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "intent" TEXT,
    "order_number" TEXT,
    "preferred_contact" TEXT,
    "notes" TEXT,
    "page_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "shopify_sessions" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "is_online" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMPTZ(3),
    "access_token" TEXT NOT NULL,
    "user_id" BIGINT,
    "first_name" TEXT,
    "last_name" TEXT,
    "email" TEXT,
    "account_owner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "email_verified" BOOLEAN DEFAULT false,
    "refresh_token" TEXT,
    "refresh_token_expires" TIMESTAMPTZ(3),

    CONSTRAINT "shopify_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shops_public_key_key" ON "shops"("public_key");

-- CreateIndex
CREATE UNIQUE INDEX "shops_domain_key" ON "shops"("domain");

-- CreateIndex
CREATE INDEX "knowledge_chunks_shop_id_embedding_model_idx" ON "knowledge_chunks"("shop_id", "embedding_model");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_chunks_shop_id_source_type_source_id_chunk_index_key" ON "knowledge_chunks"("shop_id", "source_type", "source_id", "chunk_index");

-- CreateIndex
CREATE INDEX "chat_logs_shop_id_created_at_idx" ON "chat_logs"("shop_id", "created_at");

-- CreateIndex
CREATE INDEX "chat_logs_shop_id_session_id_created_at_idx" ON "chat_logs"("shop_id", "session_id", "created_at");

-- CreateIndex
CREATE INDEX "surveys_shop_id_active_idx" ON "surveys"("shop_id", "active");

-- CreateIndex
CREATE INDEX "survey_responses_shop_id_created_at_idx" ON "survey_responses"("shop_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "survey_responses_survey_id_session_id_key" ON "survey_responses"("survey_id", "session_id");

-- CreateIndex
CREATE INDEX "widget_events_shop_id_type_created_at_idx" ON "widget_events"("shop_id", "type", "created_at");

-- CreateIndex
CREATE INDEX "leads_shop_id_created_at_idx" ON "leads"("shop_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "leads_shop_id_session_id_key" ON "leads"("shop_id", "session_id");

-- CreateIndex
CREATE INDEX "rate_limit_counters_expires_at_idx" ON "rate_limit_counters"("expires_at");

-- CreateIndex
CREATE INDEX "shopify_sessions_shop_idx" ON "shopify_sessions"("shop");

-- AddForeignKey
ALTER TABLE "knowledge_chunks" ADD CONSTRAINT "knowledge_chunks_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_logs" ADD CONSTRAINT "chat_logs_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "widget_events" ADD CONSTRAINT "widget_events_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leads" ADD CONSTRAINT "leads_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written below: what Prisma's schema language cannot express.

-- Full-text search. The 'russian' configuration stems Cyrillic words with the Russian Snowball
-- stemmer and ASCII words with the English one, so one tsvector serves both languages; unaccent
-- (applied before stemming) makes "café" match "cafe" and "ёлка" match "елка".
CREATE FUNCTION "palompy_tsvector"(title TEXT, body TEXT) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('russian', unaccent(lower(coalesce(title, '')))), 'A')
      || setweight(to_tsvector('russian', unaccent(lower(coalesce(body, '')))), 'B')
$$;

CREATE FUNCTION "palompy_tsquery"(query TEXT) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_tsquery('russian', unaccent(lower(query)))
$$;

CREATE INDEX "knowledge_chunks_search_vector_idx" ON "knowledge_chunks" USING gin ("search_vector");

-- Vector search: one partial HNSW index per supported dimension (pgvector's pattern for a column
-- holding several dimensions). Queries cast to the same vector(N) and filter embedding_dim = N.
CREATE INDEX "knowledge_chunks_embedding_256_idx" ON "knowledge_chunks"
  USING hnsw (("embedding"::vector(256)) vector_cosine_ops) WHERE "embedding_dim" = 256;
CREATE INDEX "knowledge_chunks_embedding_384_idx" ON "knowledge_chunks"
  USING hnsw (("embedding"::vector(384)) vector_cosine_ops) WHERE "embedding_dim" = 384;
CREATE INDEX "knowledge_chunks_embedding_512_idx" ON "knowledge_chunks"
  USING hnsw (("embedding"::vector(512)) vector_cosine_ops) WHERE "embedding_dim" = 512;
CREATE INDEX "knowledge_chunks_embedding_768_idx" ON "knowledge_chunks"
  USING hnsw (("embedding"::vector(768)) vector_cosine_ops) WHERE "embedding_dim" = 768;
CREATE INDEX "knowledge_chunks_embedding_1024_idx" ON "knowledge_chunks"
  USING hnsw (("embedding"::vector(1024)) vector_cosine_ops) WHERE "embedding_dim" = 1024;
CREATE INDEX "knowledge_chunks_embedding_1536_idx" ON "knowledge_chunks"
  USING hnsw (("embedding"::vector(1536)) vector_cosine_ops) WHERE "embedding_dim" = 1536;

-- Exact identifier lookups ("do you have SKU AB-1234?") are case-insensitive.
CREATE INDEX "knowledge_chunks_shop_sku_idx" ON "knowledge_chunks" ("shop_id", lower("sku"));
CREATE INDEX "knowledge_chunks_shop_source_idx" ON "knowledge_chunks" ("shop_id", lower("source_id"));
