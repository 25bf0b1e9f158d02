import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { pickText } from "./questions";
import type { SurveyDetail } from "./surveys.server";

/** Rows read per database round trip: memory stays flat however many responses there are. */
const BATCH_SIZE = 500;

/**
 * Spreadsheet apps run a cell starting with = + - @ (or a tab/CR) as a formula; a leading quote
 * keeps shopper-typed text inert. Quotes, commas and line breaks are escaped the RFC 4180 way.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = Array.isArray(value) ? value.join("; ") : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * Every response of the survey as CSV, one row per response and one column per question (headed
 * by its text in `lang`), streamed in keyset-paged batches (created_at, id) so an export never
 * holds more than one batch.
 */
export function surveyResponsesCsv(prisma: PrismaClient, shopId: string, survey: SurveyDetail, lang?: string | null): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const questions = survey.questions;
  let cursor: { createdAt: Date; id: string } | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        // A byte-order mark lets spreadsheet apps read Cyrillic answers as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(["response_id", "created_at", "session_id", "page_url", ...questions.map((q) => pickText(q.text, lang))])}`));
        return;
      }
      // A row comparison, not an OR of two conditions, so each batch is one range scan of the
      // (survey_id, created_at, id) index instead of a rescan from the start.
      const after = cursor ? Prisma.sql`AND (created_at, id) > (${cursor.createdAt}, ${cursor.id}::uuid)` : Prisma.empty;
      const rows = await prisma.$queryRaw<{ id: string; createdAt: Date; sessionId: string; answers: unknown; metadata: unknown }[]>`
        SELECT id, created_at AS "createdAt", session_id AS "sessionId", answers, metadata
        FROM survey_responses
        WHERE survey_id = ${survey.id}::uuid AND shop_id = ${shopId}::uuid ${after}
        ORDER BY created_at, id
        LIMIT ${BATCH_SIZE}`;
      if (rows.length === 0) {
        controller.close();
        return;
      }
      let chunk = "";
      for (const row of rows) {
        const answers = (row.answers ?? {}) as Record<string, unknown>;
        const pageUrl = (row.metadata as Record<string, unknown> | null)?.pageUrl;
        chunk += csvLine([row.id, row.createdAt.toISOString(), row.sessionId, typeof pageUrl === "string" ? pageUrl : "", ...questions.map((q) => answers[q.id])]);
      }
      const last = rows[rows.length - 1];
      cursor = { createdAt: last.createdAt, id: last.id };
      controller.enqueue(encoder.encode(chunk));
    },
  });
}

/** The CSV as a download: the stream and the headers a response needs. */
export function surveyCsvDownload(prisma: PrismaClient, shopId: string, survey: SurveyDetail, lang?: string | null) {
  return {
    body: surveyResponsesCsv(prisma, shopId, survey, lang),
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="survey-${survey.id}-responses.csv"`,
      "cache-control": "no-store",
    },
  };
}
