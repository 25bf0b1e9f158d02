-- Retrieval that works for any catalog, in any vertical (issue 12): field weights, typo tolerance.

-- Trigram similarity: typos and diminutives ("палкм" ~ "палки", "фонарик" ~ "фонарь") on item names.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- Field weights: the item's name (A) outranks its tags, brand and type lines (B), which outrank the
-- rest of its text (C). The 'russian' configuration stems Cyrillic words with the Russian Snowball
-- stemmer and ASCII words with the English one (it maps asciiword to english_stem), so one
-- configuration gives both languages' stemming without indexing every word twice.
CREATE OR REPLACE FUNCTION "palompy_tsvector"(title TEXT, body TEXT) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('russian', unaccent(lower(coalesce(title, '')))), 'A')
      || setweight(to_tsvector('russian', unaccent(lower(coalesce(
           (SELECT string_agg(m[1], ' ') FROM regexp_matches(coalesce(body, ''), '^(?:Tags|Brand|Type|Category): (.*)$', 'gn') AS m), '')))), 'B')
      || setweight(to_tsvector('russian', unaccent(lower(coalesce(body, '')))), 'C')
$$;

UPDATE "knowledge_chunks" SET "search_vector" = palompy_tsvector("title", "text");

CREATE INDEX "knowledge_chunks_title_trgm_idx" ON "knowledge_chunks" USING gin (lower("title") gin_trgm_ops);
