import type { Page } from "playwright-core";
import { TEST_ADMIN_TOKEN } from "../support/app-server";

/** Logs the page into the standalone console with the admin token and opens the first shop listed (with one shop the console opens it directly). */
export async function logInToConsole(page: Page, appUrl: string): Promise<void> {
  await page.goto(`${appUrl}/admin/login`);
  await page.getByLabel("API key").fill(TEST_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/admin(\/login\?pick=1)?$/);
  if (page.url().endsWith("pick=1")) await page.getByRole("button", { name: /^Open / }).first().click();
  await page.getByText("Overview of the last 30 days").waitFor();
}
