-- A knowledge chunk's row stays whole in its heap page up to a page's size. pgvector gives the
-- embedding EXTERNAL storage, and a row over about 2 kB is toasted until it fits in 2 kB: a
-- 512-dimension embedding (2 kB) went out of line every time, so every row the vector channel
-- measured was read back from the TOAST table through its index (two chunks each). The retrieval
-- statement of a chat turn on the demo store's 82 chunks took 0.4-0.6 ms less with them inline.
-- A row over 8160 bytes (a long text beside a 1536-dimension embedding) is still toasted, the
-- largest column first. Rows written before this keep their storage until they are written again
-- (a re-import of a changed item): rewriting them here would re-insert every row into the HNSW
-- indexes while the app starts.
ALTER TABLE "knowledge_chunks" SET (toast_tuple_target = 8160);
