import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { isUuid } from "~/uuid";
import {
  localizeQuestions,
  matchesUrlPattern,
  normalizeQuestions,
  pickText,
  readStoredQuestions,
  readTitles,
  toStoredQuestions,
  type LocalizedText,
  type StoredQuestion,
  type SurveyAnswers,
  type SurveyInput,
  type SurveyPatch,
  type SurveyQuestion,
} from "./questions";
import type { SurveyStatus } from "./survey-status";

export interface PublicSurvey {
  id: string;
  title: string;
  questions: SurveyQuestion[];
}


/** A survey as the merchant edits it: every language, its status and targeting. */
export interface SurveyDetail {
  id: string;
  title: LocalizedText;
  questions: StoredQuestion[];
  status: SurveyStatus;
  urlPattern: string | null;
  responses: number;
  createdAt: string;
  updatedAt: string;
}

export class SurveyConflictError extends Error {}

const surveyColumns = {
  id: true,
  title: true,
  titles: true,
  questions: true,
  active: true,
  urlPattern: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SurveySelect;

type SurveyRow = Prisma.SurveyGetPayload<{ select: typeof surveyColumns }>;

function statusOf(row: { active: boolean; archivedAt: Date | null }): SurveyStatus {
  if (row.archivedAt) return "archived";
  return row.active ? "active" : "draft";
}

function toDetail(row: SurveyRow, responses: number): SurveyDetail {
  return {
    id: row.id,
    title: readTitles(row.titles, row.title),
    questions: readStoredQuestions(row.questions),
    status: statusOf(row),
    urlPattern: row.urlPattern,
    responses,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const statusWhere: Record<SurveyStatus, Prisma.SurveyWhereInput> = {
  draft: { active: false, archivedAt: null },
  active: { active: true },
  archived: { archivedAt: { not: null } },
};

export async function listSurveys(
  prisma: PrismaClient,
  shopId: string,
  query: { page: number; pageSize: number; status?: SurveyStatus },
): Promise<{ items: SurveyDetail[]; total: number }> {
  const where: Prisma.SurveyWhereInput = { shopId, ...(query.status ? statusWhere[query.status] : {}) };
  const [rows, total] = await Promise.all([
    prisma.survey.findMany({
      where,
      // The active survey first, archived ones last, newest edits first within each.
      orderBy: [{ active: "desc" }, { archivedAt: { sort: "desc", nulls: "first" } }, { updatedAt: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: surveyColumns,
    }),
    prisma.survey.count({ where }),
  ]);
  const counts = await responseCounts(prisma, shopId, rows.map((row) => row.id));
  return { items: rows.map((row) => toDetail(row, counts.get(row.id) ?? 0)), total };
}

async function responseCounts(prisma: PrismaClient, shopId: string, surveyIds: string[]): Promise<Map<string, number>> {
  if (surveyIds.length === 0) return new Map();
  const groups = await prisma.surveyResponse.groupBy({ by: ["surveyId"], where: { shopId, surveyId: { in: surveyIds } }, _count: { _all: true } });
  return new Map(groups.map((group) => [group.surveyId, group._count._all]));
}

/** The survey only if it belongs to this shop: another shop's id is exactly as unknown as a made-up one. */
export async function getSurvey(prisma: PrismaClient, shopId: string, surveyId: string): Promise<SurveyDetail | null> {
  if (!isUuid(surveyId)) return null;
  const row = await prisma.survey.findFirst({ where: { id: surveyId, shopId }, select: surveyColumns });
  if (!row) return null;
  const counts = await responseCounts(prisma, shopId, [row.id]);
  return toDetail(row, counts.get(row.id) ?? 0);
}

/** New surveys start as drafts: activating is a separate, deliberate step. */
export async function createSurvey(prisma: PrismaClient, shopId: string, input: SurveyInput): Promise<SurveyDetail> {
  const row = await prisma.survey.create({
    data: {
      shopId,
      title: pickText(input.title),
      titles: input.title,
      questions: toStoredQuestions(input.questions) as unknown as Prisma.InputJsonValue,
      urlPattern: input.urlPattern ?? null,
    },
    select: surveyColumns,
  });
  return toDetail(row, 0);
}

export async function updateSurvey(prisma: PrismaClient, shopId: string, surveyId: string, patch: SurveyPatch): Promise<SurveyDetail | null> {
  if (!isUuid(surveyId)) return null;
  const data: Prisma.SurveyUpdateManyMutationInput = {};
  if (patch.title) Object.assign(data, { title: pickText(patch.title), titles: patch.title });
  if (patch.questions) data.questions = toStoredQuestions(patch.questions) as unknown as Prisma.InputJsonValue;
  if (patch.urlPattern !== undefined) data.urlPattern = patch.urlPattern;
  const { count } = await prisma.survey.updateMany({ where: { id: surveyId, shopId }, data });
  return count === 0 ? null : getSurvey(prisma, shopId, surveyId);
}

/** Deletes the survey and its responses; false when this shop has no such survey. */
export async function deleteSurvey(prisma: PrismaClient, shopId: string, surveyId: string): Promise<boolean> {
  if (!isUuid(surveyId)) return false;
  const { count } = await prisma.survey.deleteMany({ where: { id: surveyId, shopId } });
  return count > 0;
}

/**
 * Makes this survey the shop's one active survey (un-archiving it), deactivating the previous one
 * in the same transaction. The partial unique index catches a concurrent activation that slipped
 * between the two statements: that one fails with SurveyConflictError instead of leaving two active.
 */
export async function activateSurvey(prisma: PrismaClient, shopId: string, surveyId: string): Promise<SurveyDetail | null> {
  if (!isUuid(surveyId)) return null;
  const exists = await prisma.survey.count({ where: { id: surveyId, shopId } });
  if (!exists) return null;
  try {
    await prisma.$transaction([
      prisma.survey.updateMany({ where: { shopId, active: true, id: { not: surveyId } }, data: { active: false } }),
      prisma.survey.updateMany({ where: { id: surveyId, shopId }, data: { active: true, archivedAt: null } }),
    ]);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new SurveyConflictError("Another survey of this shop was activated at the same moment; try again.");
    }
    throw error;
  }
  return getSurvey(prisma, shopId, surveyId);
}

/** Archived surveys are never shown; their responses and results stay. */
export async function archiveSurvey(prisma: PrismaClient, shopId: string, surveyId: string, now = new Date()): Promise<SurveyDetail | null> {
  if (!isUuid(surveyId)) return null;
  await prisma.survey.updateMany({ where: { id: surveyId, shopId, archivedAt: null }, data: { active: false, archivedAt: now } });
  return getSurvey(prisma, shopId, surveyId);
}

/** Back to a draft: not shown, editable, can be activated again. */
export async function deactivateSurvey(prisma: PrismaClient, shopId: string, surveyId: string): Promise<SurveyDetail | null> {
  if (!isUuid(surveyId)) return null;
  await prisma.survey.updateMany({ where: { id: surveyId, shopId }, data: { active: false, archivedAt: null } });
  return getSurvey(prisma, shopId, surveyId);
}

/**
 * The shop's active survey in the shopper's language (falling back to English, then any language
 * it has), or null when there is none or its URL pattern does not match the page.
 */
export async function findActiveSurvey(
  prisma: PrismaClient,
  shopId: string,
  target: { lang?: string | null; pageUrl?: string | null } = {},
): Promise<PublicSurvey | null> {
  const row = await prisma.survey.findFirst({
    where: { shopId, active: true },
    select: { id: true, title: true, titles: true, questions: true, urlPattern: true },
  });
  if (!row || !matchesUrlPattern(row.urlPattern, target.pageUrl)) return null;
  const questions = localizeQuestions(readStoredQuestions(row.questions), target.lang);
  if (questions.length === 0) return null;
  return { id: row.id, title: pickText(readTitles(row.titles, row.title), target.lang), questions };
}

/** The survey only if it belongs to this shop and is active. */
export async function findAnswerableSurvey(prisma: PrismaClient, shopId: string, surveyId: string): Promise<PublicSurvey | null> {
  if (!isUuid(surveyId)) return null;
  const row = await prisma.survey.findFirst({
    where: { id: surveyId, shopId, active: true },
    select: { id: true, title: true, questions: true },
  });
  return row ? { id: row.id, title: row.title, questions: normalizeQuestions(row.questions) } : null;
}

/**
 * One response per survey and session: a repeated submission (a retry, a second tab) returns the
 * stored response unchanged instead of failing or overwriting it.
 */
export async function recordSurveyResponse(
  prisma: PrismaClient,
  input: { surveyId: string; shopId: string; sessionId: string; answers: SurveyAnswers; metadata: Record<string, unknown> },
): Promise<{ id: string; created: boolean }> {
  const existing = await prisma.surveyResponse.findUnique({
    where: { surveyId_sessionId: { surveyId: input.surveyId, sessionId: input.sessionId } },
    select: { id: true },
  });
  if (existing) return { id: existing.id, created: false };
  const row = await prisma.surveyResponse.upsert({
    where: { surveyId_sessionId: { surveyId: input.surveyId, sessionId: input.sessionId } },
    create: {
      surveyId: input.surveyId,
      shopId: input.shopId,
      sessionId: input.sessionId,
      answers: input.answers as Prisma.InputJsonValue,
      metadata: input.metadata as Prisma.InputJsonValue,
    },
    update: {},
    select: { id: true, createdAt: true },
  });
  return { id: row.id, created: true };
}
