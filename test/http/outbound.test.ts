import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundClient, isPublicAddress, OutboundError, type Lookup } from "~/http/outbound.server";

/**
 * The outbound client for tenant-supplied URLs (issue 16 items 3 and 5): the address is checked
 * after resolution, at connect time, so no spelling of an internal address and no name that
 * resolves to one reaches a listener; redirects never leave the host; errors never name the
 * address or the port. Every listener here is on 127.0.0.x; the ones that must not be reached
 * count their requests.
 */

interface Listener {
  url: string;
  port: number;
  hits: number;
  close(): Promise<void>;
}

async function listen(host: string, handle: (req: http.IncomingMessage, res: http.ServerResponse, self: Listener) => void = (_req, res) => res.end("internal secret")): Promise<Listener> {
  const self = { hits: 0 } as Listener;
  const server = http.createServer((req, res) => {
    self.hits++;
    handle(req, res, self);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  self.port = (server.address() as AddressInfo).port;
  self.url = `http://${host}:${self.port}`;
  self.close = () => new Promise((resolve) => server.close(() => resolve()));
  server.closeAllConnections?.();
  return self;
}

const fixed =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

let internal: Listener;

beforeAll(async () => {
  internal = await listen("127.0.0.1");
});
afterAll(() => internal?.close());

describe("which addresses are public", () => {
  it("refuses loopback, private, link-local, unique-local, site-local, NAT64, mapped, compatible, 6to4, Teredo, CGNAT, metadata and reserved", () => {
    for (const address of [
      "127.0.0.1",
      "127.1.2.3",
      "10.0.0.1",
      "172.16.5.4",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "100.100.100.200",
      "0.0.0.0",
      "255.255.255.255",
      "224.0.0.1",
      "198.18.0.1",
      "::1",
      "::",
      "::7f00:1",
      "::ffff:127.0.0.1",
      "::ffff:169.254.169.254",
      "fe80::1",
      "fe90::1",
      "fec0::1",
      "fd00:ec2::254",
      "fc00::1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::1",
      "2002:7f00:1::",
      "2001::1",
      "2001:db8::1",
      "ff02::1",
      "100::1",
    ]) {
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: false });
    }
  });

  it("lets public unicast through, also when mapped into IPv6", () => {
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::1", "::ffff:8.8.8.8"]) {
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: true });
    }
    expect(isPublicAddress("not an address")).toBe(false);
  });
});

describe("connect-time check", () => {
  const guarded = createOutboundClient({ allowPrivateAddresses: false, lookup: fixed("127.0.0.1") });
  afterAll(() => guarded.close());

  it("never reaches a listener on 127.0.0.1, however the address is spelled or resolved", async () => {
    const port = internal.port;
    const system = createOutboundClient({ allowPrivateAddresses: false });
    try {
      for (const url of [
        `http://127.0.0.1:${port}/wp-json/wc/v3/products`,
        `http://[::ffff:127.0.0.1]:${port}/`,
        `http://[::1]:${port}/`,
        `http://2130706433:${port}/`,
        `http://0x7f.0.0.1:${port}/`,
        `http://store-resolving-to-loopback.example:${port}/`,
      ]) {
        const error = await failure(guarded.request(url));
        expect({ url, reason: error.reason }).toEqual({ url, reason: "blocked_address" });
        expect(error.message).not.toMatch(/127\.0\.0\.1|::1|ECONNREFUSED/);
        expect(error.message).not.toContain(String(port));
      }
      // The system resolver: "localhost" is loopback too.
      expect((await failure(system.request(`http://localhost:${port}/`))).reason).toBe("blocked_address");
    } finally {
      await system.close();
    }
    expect(internal.hits).toBe(0);
  });

  it("refuses a name whose answers mix a public and a loopback address (no picking the good one)", async () => {
    const mixed = createOutboundClient({ allowPrivateAddresses: false, lookup: fixed("127.0.0.1", "93.184.216.34") });
    try {
      expect((await failure(mixed.request(`http://mixed.example:${internal.port}/`))).reason).toBe("blocked_address");
    } finally {
      await mixed.close();
    }
    expect(internal.hits).toBe(0);
  });

  it("the development switch lets loopback through (and only the switch does)", async () => {
    const open = createOutboundClient({ allowPrivateAddresses: true });
    try {
      const answer = await open.request(`${internal.url}/`);
      expect(answer.status).toBe(200);
      expect(answer.body.toString()).toBe("internal secret");
    } finally {
      await open.close();
      internal.hits = 0;
    }
  });
});

describe("redirects, time and size", () => {
  // 127.0.0.2 stands for "a public store" here: only it passes the address check.
  const onlyStore = (address: string) => address === "127.0.0.2";
  let store: Listener;

  beforeAll(async () => {
    store = await listen("127.0.0.2", (req, res, self) => {
      const to = (location: string) => res.writeHead(302, { location }).end();
      if (req.url === "/to-internal") return to(`${internal.url}/`);
      if (req.url === "/to-localhost-name") return to(`http://localhost:${internal.port}/`);
      if (req.url === "/to-other-port") return to(`http://store.example:${internal.port}/`);
      if (req.url === "/to-https-rebound") return to(`https://store.example/`);
      if (req.url === "/to-same-host") return to(`/final?from=redirect`);
      if (req.url === "/loop") return to(`/loop`);
      if (req.url?.startsWith("/final")) return res.end(`final ${req.url}`);
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 5_000);
      if (req.url === "/huge") return res.end(Buffer.alloc(2 * 1024 * 1024, 120));
      if (req.url === "/huge-chunked") {
        res.writeHead(200, { "content-type": "text/plain" });
        for (let i = 0; i < 40; i++) res.write(Buffer.alloc(64 * 1024, 121));
        return res.end();
      }
      res.end(`hello ${self.hits}`);
    });
  });
  afterAll(() => store?.close());

  let resolutions = 0;
  // The store's name resolves to the allowed address first and to loopback afterwards (DNS rebinding).
  const rebinding: Lookup = async () => [{ address: resolutions++ === 0 ? "127.0.0.2" : "127.0.0.1", family: 4 }];

  it("follows a redirect on the same host and refuses one to another host, which is never reached", async () => {
    const client = createOutboundClient({ allowPrivateAddresses: false, lookup: fixed("127.0.0.2"), isAllowedAddress: onlyStore });
    try {
      const base = `http://store.example:${store.port}`;
      const ok = await client.request(`${base}/to-same-host`);
      expect(ok.body.toString()).toBe("final /final?from=redirect");
      expect(ok.url).toBe(`${base}/final?from=redirect`);
      for (const path of ["/to-internal", "/to-localhost-name", "/to-other-port"]) {
        const error = await failure(client.request(`${base}${path}`));
        expect({ path, reason: error.reason }).toEqual({ path, reason: "redirect_refused" });
        expect(error.message).not.toContain(String(internal.port));
      }
      expect((await failure(client.request(`${base}/loop`))).reason).toBe("redirect_refused");
      // A POST is not replayed to a redirect's target unless the status says so (307/308).
      const posted = await client.request(`${base}/to-internal`, { method: "POST", body: "{}" });
      expect(posted.status).toBe(302);
    } finally {
      await client.close();
    }
    expect(internal.hits).toBe(0);
  });

  it("checks the address again for each new connection a redirect opens (rebinding to loopback is refused)", async () => {
    const client = createOutboundClient({ allowPrivateAddresses: false, lookup: rebinding, isAllowedAddress: onlyStore });
    try {
      const error = await failure(client.request(`http://store.example:${store.port}/to-https-rebound`));
      expect(error.reason).toBe("blocked_address");
      expect(resolutions).toBe(2);
    } finally {
      await client.close();
    }
    expect(internal.hits).toBe(0);
  });

  it("gives up on a slow answer at the time limit and refuses bodies above the size limit", async () => {
    const client = createOutboundClient({ allowPrivateAddresses: false, lookup: fixed("127.0.0.2"), isAllowedAddress: onlyStore });
    try {
      const base = `http://store.example:${store.port}`;
      expect((await failure(client.request(`${base}/slow`, { timeoutMs: 300 }))).reason).toBe("timeout");
      expect((await failure(client.request(`${base}/huge`, { maxBytes: 1024 * 1024 }))).reason).toBe("too_large");
      expect((await failure(client.request(`${base}/huge-chunked`, { maxBytes: 1024 * 1024 }))).reason).toBe("too_large");
      expect((await client.request(`${base}/huge`, { maxBytes: 4 * 1024 * 1024 })).body.length).toBe(2 * 1024 * 1024);
    } finally {
      await client.close();
    }
  });

  it("refuses other schemes and URLs with credentials before anything is sent", async () => {
    const client = createOutboundClient({ allowPrivateAddresses: true });
    try {
      for (const url of ["file:///etc/passwd", "gopher://127.0.0.1:70/", `http://user:pw@127.0.0.1:${internal.port}/`, "not a url"]) {
        expect((await failure(client.request(url))).reason).toBe("invalid_url");
      }
    } finally {
      await client.close();
    }
    expect(internal.hits).toBe(0);
  });
});
