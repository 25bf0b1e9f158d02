-- Surveys: per-language titles, URL targeting, archiving.
ALTER TABLE "surveys" ADD COLUMN "titles" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "surveys" ADD COLUMN "url_pattern" TEXT;
ALTER TABLE "surveys" ADD COLUMN "archived_at" TIMESTAMPTZ(3);

-- One active survey per shop, enforced by the database: keep the newest active one, then index.
UPDATE "surveys" s SET "active" = false
WHERE s."active" AND EXISTS (
  SELECT 1 FROM "surveys" o
  WHERE o."shop_id" = s."shop_id" AND o."active" AND (o."updated_at", o."id") > (s."updated_at", s."id")
);
CREATE UNIQUE INDEX "surveys_one_active_per_shop" ON "surveys"("shop_id") WHERE "active";
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_archived_not_active" CHECK (NOT ("active" AND "archived_at" IS NOT NULL));

-- Survey results read one survey's responses newest first (text answers paged, CSV keyset).
CREATE INDEX "survey_responses_survey_id_created_at_idx" ON "survey_responses"("survey_id", "created_at", "id");

-- Completion rate counts the sessions a survey was shown to.
CREATE INDEX "widget_events_survey_shown_idx" ON "widget_events"("shop_id", (("metadata"->>'surveyId')))
  WHERE "type" = 'survey_shown';
