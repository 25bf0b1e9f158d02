import { log } from "~/log.server";

/**
 * The client went away before its request arrived whole (connection reset, body cut short): an
 * everyday event on the internet, logged as such, never as our error.
 */
export class ClientDisconnected extends Error {
  constructor(cause: unknown) {
    super("The client closed the connection before its request arrived.", { cause });
    this.name = "ClientDisconnected";
  }
}

/** An error that becomes a JSON response with a status a client can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, field?: string) {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { ...init, headers });
}

/**
 * Turns thrown HttpErrors into their JSON response and anything unexpected into a logged 500 that
 * reveals nothing internal; Responses thrown on purpose pass through.
 */
export async function handleErrors(run: () => Promise<Response>, extraHeaders: Record<string, string> = {}): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof ClientDisconnected) {
      log.info("client disconnected", { during: "request" });
      // Nobody reads this answer; it only closes the exchange cleanly.
      return jsonResponse(errorBody("client_disconnected", error.message), { status: 400, headers: { ...extraHeaders, connection: "close" } });
    }
    if (error instanceof HttpError) {
      return jsonResponse(errorBody(error.code, error.message, error.field), {
        status: error.status,
        headers: { ...extraHeaders, ...error.headers },
      });
    }
    const reference = crypto.randomUUID();
    log.error("unexpected error", { reference, error });
    return jsonResponse(errorBody("internal_error", `Something went wrong on our side (reference ${reference}).`), {
      status: 500,
      headers: extraHeaders,
    });
  }
}
