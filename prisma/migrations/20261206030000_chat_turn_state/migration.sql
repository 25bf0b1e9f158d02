-- What a conversation waits for after a turn (the order number and email the assistant asked for),
-- so the next message is read with that in mind ("1001, a@b.com" or "#70" with no word "order").
-- Nullable: most turns wait for nothing; rows written before have none. Never holds contact data
-- (customers/redact masks messages and answers only).
ALTER TABLE "chat_logs" ADD COLUMN "state" JSONB;
