-- Names across alphabets (issue 19): shoppers write a Latin name in Cyrillic letters («трейл раннер»
-- for "Trail Runner", «повербанк» for "Power Bank") and a Cyrillic name in Latin ones. Trigrams of
-- different alphabets share nothing, so a name channel of its own compares a rough phonetic key of
-- each word, made from letters alone (no vocabulary): Cyrillic is transliterated, then both
-- alphabets are folded the same way (ph -> f, zh -> j, w -> v, c/q/x -> k/s/ks, every vowel -> a, doubled
-- letters once, a final vowel dropped), since English spelling and its Russian rendering agree on
-- consonants far more than on vowels ("trail"/«трейл» -> tral, "runner"/«раннер» -> ranar).
--
-- A word's key is written in Latin letters if the word is Latin and in Cyrillic ones (a fixed
-- letter-for-letter mapping of the same key) if it is Cyrillic; a query word is keyed in the other
-- alphabet's letters (`across`). So a key only ever meets names of the other alphabet: names in the
-- shopper's own alphabet stay the plain trigram comparison's, and the key's loose vowels do not
-- widen it («лиса» never meets «лось»).
--
-- PL/pgSQL rather than SQL: an SQL function that cannot be inlined (this one aggregates) is planned
-- again in every statement that calls it, which cost a chat turn's retrieval statement more than
-- the keys' own work; PL/pgSQL keeps its plan for the session.
CREATE OR REPLACE FUNCTION "palompy_name_key"(name TEXT, across BOOLEAN DEFAULT false) RETURNS TEXT
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
BEGIN
  RETURN (SELECT coalesce(string_agg(
           CASE WHEN (word ~ '[а-яё]') <> across THEN translate(key, 'abcdfghjklmnprstvz', 'абцдфгхжклмнпрствз') ELSE key END,
           ' ' ORDER BY n), '')
  FROM (
    SELECT word, n,
      regexp_replace(regexp_replace(translate(
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
          translate(
            replace(replace(replace(replace(replace(replace(replace(replace(replace(word,
              'дж', 'j'), 'ж', 'j'), 'х', 'h'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'щ', 'sh'), 'ю', 'u'), 'я', 'a'),
            'абвгдеёзийклмнопрстуфыэъь', 'abvgdeeziiklmnoprstufie'),
          'shch', 'sh', 'g'), 'zh', 'j', 'g'), 'ph', 'f', 'g'), 'th', 't', 'g'), 'ck', 'k', 'g'), 'kh', 'h', 'g'), 'c(?=[eiy])', 's', 'g'), 'c(?!h)', 'k', 'g'), 'x', 'ks', 'g'),
        'wqeiouy', 'vkaaaaa'),
      '(.)\1+', '\1', 'g'),
      '(.)a$', '\1') AS key
    FROM regexp_split_to_table(lower(name), '[^[:alpha:]]+') WITH ORDINALITY AS words(word, n)
    WHERE word <> ''
  ) keyed);
END
$$;

-- The stored form: the words' keys and each pair of neighbouring words' keys joined, as a tsvector
-- ('simple': no stemming), so «повербанк» (pavarbank) meets "Power Bank" (pavar bank) and a query
-- key is matched per row by a cheap tsvector test rather than trigram similarity, which cost more
-- than the rest of the trigram channel on a small shop's row scan.
CREATE OR REPLACE FUNCTION "palompy_name_keys"(name TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT to_tsvector('simple', keys || ' ' || coalesce((
           SELECT string_agg(word || next, ' ')
           FROM (SELECT word, lead(word) OVER (ORDER BY n) AS next
                 FROM regexp_split_to_table(keys, ' ') WITH ORDINALITY AS words(word, n)) pairs
           WHERE next IS NOT NULL), ''))
  FROM (SELECT palompy_name_key(name) AS keys) keyed
$$;

ALTER TABLE "knowledge_chunks" ADD COLUMN "name_key" tsvector GENERATED ALWAYS AS (palompy_name_keys("title")) STORED;

CREATE INDEX "knowledge_chunks_name_key_idx" ON "knowledge_chunks" USING gin ("name_key");
