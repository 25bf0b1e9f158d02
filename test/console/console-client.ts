import { expect } from "vitest";

/** A browser-less console user: keeps the session cookie and reads the CSRF token from the page. */
export class ConsoleClient {
  private cookie = "";
  csrf = "";

  constructor(private readonly baseUrl: string) {}

  async get(pathname: string): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${pathname}`, { headers: { cookie: this.cookie }, redirect: "manual" });
    this.remember(response);
    return response;
  }

  /** GET a page and keep its CSRF token (every console page renders it into its forms). */
  async page(pathname: string): Promise<string> {
    const response = await this.get(pathname);
    expect(response.status, `GET ${pathname}`).toBe(200);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? /"csrfToken":"([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return html;
  }

  async post(pathname: string, fields: Record<string, string>, options: { csrf?: string | null } = {}): Promise<Response> {
    const body = new URLSearchParams(fields);
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null) body.set("_csrf", csrf);
    const response = await fetch(`${this.baseUrl}${pathname}`, {
      method: "POST",
      headers: { cookie: this.cookie, "content-type": "application/x-www-form-urlencoded" },
      body,
      redirect: "manual",
    });
    this.remember(response);
    return response;
  }

  /** A multipart form post (file uploads), with the CSRF token. */
  async postMultipart(pathname: string, form: FormData): Promise<Response> {
    form.set("_csrf", this.csrf);
    const response = await fetch(`${this.baseUrl}${pathname}`, { method: "POST", headers: { cookie: this.cookie }, body: form, redirect: "manual" });
    this.remember(response);
    return response;
  }

  async logIn(key: string): Promise<Response> {
    await this.page("/admin/login");
    return this.post("/admin/login", { intent: "login", key });
  }

  get cookieHeader(): string {
    return this.cookie;
  }

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name] = pair.split("=");
      const rest = this.cookie.split("; ").filter((part) => part && !part.startsWith(`${name}=`));
      this.cookie = [...rest, ...(/=$/.test(pair) || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(header) ? [] : [pair])].join("; ");
    }
  }
}
