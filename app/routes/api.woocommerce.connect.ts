import type { ActionFunctionArgs } from "@remix-run/node";
import { readValidatedJson } from "~/http/body";
import { jsonResponse } from "~/http/errors";
import { bearerToken, wooRoute } from "~/http/woo-route.server";
import { connectSchema, connectStore } from "~/woocommerce/plugin-api.server";

const HOUR_MS = 3_600_000;

/** Registration is unauthenticated by nature: few per address per hour, and an operator switch. */
export function action(args: ActionFunctionArgs) {
  return wooRoute(
    args,
    {
      methods: ["POST"],
      limits: (app, ip) => [{ key: `woo:register:ip:${ip}`, limit: app.config.woocommerce.registerPerIpPerHour, windowMs: HOUR_MS }],
    },
    async (app) => {
      const input = await readValidatedJson(args.request, connectSchema, 16 * 1024);
      const answer = await connectStore(app, input, bearerToken(args.request));
      return jsonResponse(answer, { status: 201 });
    },
  );
}

export const loader = action;
