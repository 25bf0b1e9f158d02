/**
 * The shopper-question eval alone, printed as the bench section's markdown (seconds):
 *
 *   sh scripts/node22.sh tsx bench/shoppers-quick.ts [--tune]   # --tune: only the tune half, for tuning
 *   sh scripts/node22.sh tsx bench/shoppers-quick.ts --ids     # one line per question: id, split, verdict (not for the sealed splits unseen2, unseen3, unseen4-held-out and unseen5-held-out, which stay unseen)
 */
import { ALL_SHOPPER_QUESTIONS, questionHalf, SEALED_SPLITS } from "./eval/shoppers/questions";
import { runShopperEval } from "./eval/shoppers/run-eval";
import { shoppersMarkdown } from "./sections/shoppers";

const tuneOnly = process.argv.includes("--tune");
const questions = tuneOnly ? ALL_SHOPPER_QUESTIONS.filter((question) => questionHalf(question.id) === "tune") : ALL_SHOPPER_QUESTIONS;
const results = await runShopperEval(questions);
if (process.argv.includes("--ids")) for (const result of results.filter((result) => !SEALED_SPLITS.has(result.half))) console.log(result.question.id, result.half, result.grade.verdict);
else console.log(shoppersMarkdown(results));
