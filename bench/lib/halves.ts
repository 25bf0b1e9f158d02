import { createHash } from "node:crypto";

/**
 * The half of an external eval set a query belongs to, fixed by its id: retrieval is tuned on
 * "tune" only, and "held-out" shows whether what was tuned carries over.
 */
export const evalHalf = (id: string): "tune" | "held-out" => (createHash("sha1").update(id).digest()[0] % 2 === 0 ? "tune" : "held-out");
