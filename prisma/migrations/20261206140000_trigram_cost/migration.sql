-- The trigram channel's `word <% lower(title)` calls word_similarity, about 9 µs a call on PGlite
-- against well under 0.1 µs for a plain comparison; at pg_trgm's default cost of 1 the planner
-- compares every name of a shop with every word of the question instead of asking the trigram
-- index (knowledge_chunks_title_trgm_idx). Costed as what it is, the planner weighs the two.
-- The functions belong to the extension: where the migrating role may not alter them (a managed
-- server) or they are not found by that name, the plans stay as they were.
DO $$
BEGIN
  ALTER FUNCTION word_similarity_op(text, text) COST 100;
  ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100;
EXCEPTION WHEN insufficient_privilege OR undefined_function THEN
  RAISE NOTICE 'pg_trgm''s word similarity functions keep their cost: %', SQLERRM;
END
$$;
