import type { AppContext } from "~/app-context";
import { listHandoffDeliveries } from "~/handoff/delivery.server";
import { parseWith } from "~/http/body";
import { HttpError } from "~/http/errors";
import { leadListQuerySchema, leadMessages, leadsCsvStream, leadStatusPatchSchema, listLeads, setLeadStatus } from "~/leads/leads.server";

function listParams(request: Request) {
  return Object.fromEntries([...new URL(request.url).searchParams].filter(([key, value]) => value !== "" && key !== "format"));
}

export async function loadLeadList(app: AppContext, shop: { id: string }, request: Request) {
  const params = listParams(request);
  const query = parseWith(leadListQuerySchema, { pageSize: "25", ...params });
  const [page, deliveries] = await Promise.all([listLeads(app.db.prisma, shop.id, query), listHandoffDeliveries(app, shop.id)]);
  const messages = await leadMessages(app.db.prisma, shop.id, page.items);
  const csvParams = new URLSearchParams(Object.entries(params).filter(([key]) => key === "from" || key === "to" || key === "status"));
  return {
    ...page,
    items: page.items.map((lead) => ({
      ...lead,
      about: lead.intent ?? lead.notes ?? messages.get(lead.sessionId) ?? null,
      createdAt: lead.createdAt.toISOString(),
      updatedAt: lead.updatedAt.toISOString(),
    })),
    filters: { from: params.from ?? "", to: params.to ?? "", status: query.status ?? "" },
    csvQuery: csvParams.toString(),
    deliveries,
  };
}

/** The console's form: `leadId` and `status`. */
export async function changeLeadStatus(app: AppContext, shop: { id: string }, form: FormData) {
  const { status } = parseWith(leadStatusPatchSchema, { status: form.get("status") });
  const lead = await setLeadStatus(app.db.prisma, shop.id, String(form.get("leadId") ?? ""), status);
  if (!lead) throw new HttpError(404, "lead_not_found", "No such lead in this shop.", "leadId");
  return { ok: true as const, leadId: lead.id, status: lead.status };
}

/** The CSV download behind the console's link (same stream as the API's `?format=csv`). */
export function leadsCsvResponse(app: AppContext, shop: { id: string }, request: Request): Response {
  const query = parseWith(leadListQuerySchema.pick({ from: true, to: true, status: true }), listParams(request));
  return new Response(leadsCsvStream(app.db.prisma, shop.id, query), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="leads-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}

export type LeadListData = Awaited<ReturnType<typeof loadLeadList>>;
