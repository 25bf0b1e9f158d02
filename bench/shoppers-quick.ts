/**
 * The shopper-question eval alone, printed as the bench section's markdown (seconds):
 *
 *   sh scripts/node22.sh tsx bench/shoppers-quick.ts [--tune]   # --tune: only the tune half, for tuning
 */
import { questionHalf, SHOPPER_QUESTIONS } from "./eval/shoppers/questions";
import { runShopperEval } from "./eval/shoppers/run-eval";
import { shoppersMarkdown } from "./sections/shoppers";

const tuneOnly = process.argv.includes("--tune");
const questions = tuneOnly ? SHOPPER_QUESTIONS.filter((question) => questionHalf(question.id) === "tune") : SHOPPER_QUESTIONS;
console.log(shoppersMarkdown(await runShopperEval(questions)));
