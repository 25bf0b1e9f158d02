import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { isUuid } from "~/uuid";
import { normalizeQuestions, type SurveyAnswers, type SurveyQuestion } from "./questions";

export interface PublicSurvey {
  id: string;
  title: string;
  questions: SurveyQuestion[];
}


/** The shop's newest active survey with something to ask, or null. */
export async function findActiveSurvey(prisma: PrismaClient, shopId: string, lang?: string): Promise<PublicSurvey | null> {
  const rows = await prisma.survey.findMany({
    where: { shopId, active: true },
    orderBy: { updatedAt: "desc" },
    take: 5,
    select: { id: true, title: true, questions: true },
  });
  for (const row of rows) {
    const questions = normalizeQuestions(row.questions, lang);
    if (questions.length > 0) return { id: row.id, title: row.title, questions };
  }
  return null;
}

/**
 * The survey only if it belongs to this shop and is active: another shop's survey id is exactly as
 * unknown as a made-up one.
 */
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

