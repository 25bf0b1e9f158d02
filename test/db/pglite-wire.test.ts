import net from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { serveWire } from "../../server/pglite-wire.mjs";

/** The embedded database's wire server (server/pglite-wire.mjs) in front of a real PGlite, reached by node-postgres. */
describe("the embedded database's wire server", () => {
  let db: PGlite;
  let server: Awaited<ReturnType<typeof serveWire>>;
  const clients: pg.Client[] = [];

  const connect = async () => {
    const [host, port] = server.address.split(":");
    const client = new pg.Client({ host, port: Number(port), user: "postgres", database: "postgres" });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    db = await PGlite.create("memory://");
    server = await serveWire(db, { host: "127.0.0.1", port: 0, maxConnections: 4 });
    await db.exec("CREATE TABLE notes (id int PRIMARY KEY, body text)");
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => undefined)));
    await db.exec("TRUNCATE notes");
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it("answers a parameterised statement, and after a failed one the connection goes on", async () => {
    const client = await connect();
    expect((await client.query<{ n: number }>("SELECT $1::int + 1 AS n", [41])).rows).toEqual([{ n: 42 }]);
    await expect(client.query("SELECT $1::int", ["not a number"])).rejects.toMatchObject({ code: "22P02" });
    await expect(client.query("SELECT nope FROM notes")).rejects.toMatchObject({ code: "42703" });
    expect((await client.query<{ body: string }>("SELECT $1::text AS body", ["after the errors"])).rows).toEqual([{ body: "after the errors" }]);
  });

  it("leaves PGlite's own queries their parsed results between forwarded batches, a failed one included", async () => {
    const client = await connect();
    await client.query("INSERT INTO notes VALUES ($1, $2), ($3, $4)", [1, "один", 2, "two"]);
    await expect(client.query("SELECT 1 / $1::int", [0])).rejects.toMatchObject({ code: "22012" });
    // The worker's own calls (its settings, a ROLLBACK for a connection gone mid-transaction) read
    // PGlite's parsed replies: the parse skipped for the connection's replies must be back for them.
    const own = await db.query<{ id: number; body: string }>("SELECT id, body FROM notes ORDER BY id");
    expect(own.rows).toEqual([
      { id: 1, body: "один" },
      { id: 2, body: "two" },
    ]);
    await expect(db.query("SELECT 1 / 0")).rejects.toMatchObject({ code: "22012" });
    expect((await client.query<{ body: string }>("SELECT body FROM notes WHERE id = $1", [2])).rows).toEqual([{ body: "two" }]);
  });

  it("takes a message split across many packets (a 300 kB parameter)", async () => {
    const client = await connect();
    const body = "ж".repeat(150_000);
    await client.query("INSERT INTO notes VALUES ($1, $2)", [1, body]);
    expect((await client.query<{ length: number }>("SELECT length(body) AS length FROM notes WHERE id = $1", [1])).rows).toEqual([{ length: 150_000 }]);
  });

  it("lets no other connection's statement into an open transaction, and runs it once the transaction ends", async () => {
    const [writer, reader] = [await connect(), await connect()];
    await writer.query("BEGIN");
    await writer.query("INSERT INTO notes VALUES (1, 'uncommitted')");
    let readerDone = false;
    const read = reader.query<{ count: string }>("SELECT count(*) FROM notes").then((result) => {
      readerDone = true;
      return result.rows[0].count;
    });
    // The writer's own statements still run while the reader waits.
    await writer.query("INSERT INTO notes VALUES (2, 'uncommitted too')");
    expect(readerDone).toBe(false);
    await writer.query("COMMIT");
    expect(await read).toBe("2");
  });

  it("rolls back the transaction of a connection that went away", async () => {
    const writer = await connect();
    await writer.query("BEGIN");
    await writer.query("INSERT INTO notes VALUES (1, 'never committed')");
    await writer.end();
    const reader = await connect();
    expect((await reader.query<{ count: string }>("SELECT count(*) FROM notes")).rows[0].count).toBe("0");
  });

  it("declines encryption, reads a startup sent byte by byte, and drops a connection that sends a broken length", async () => {
    const [host, port] = server.address.split(":");
    const socket = net.connect(Number(port), host);
    await new Promise((resolve) => socket.once("connect", resolve));
    const received: Buffer[] = [];
    socket.on("data", (data) => received.push(data));
    const sslRequest = Buffer.alloc(8);
    sslRequest.writeInt32BE(8, 0);
    sslRequest.writeInt32BE(80877103, 4);
    socket.write(sslRequest);
    await until(() => Buffer.concat(received).length >= 1);
    expect(Buffer.concat(received).toString()).toBe("N");

    const parameters = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8 + parameters.length);
    startup.writeInt32BE(startup.length, 0);
    startup.writeInt32BE(196608, 4);
    parameters.copy(startup, 8);
    for (const byte of startup) socket.write(Buffer.from([byte]));
    // AuthenticationOk … ReadyForQuery ('Z')
    await until(() => Buffer.concat(received).includes(Buffer.from([0x5a, 0, 0, 0, 5])));

    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write(Buffer.from([0x51, 0xff, 0xff, 0xff, 0xff]));
    await closed;
    const other = await connect();
    expect((await other.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("frees the replies it sent (PGlite keeps every reply it parses until the next execProtocol call)", async () => {
    const gc = exposedGc();
    const client = await connect();
    // Warm up first, so what is measured is only what the replies leave behind.
    for (let i = 0; i < 5; i++) await client.query("SELECT repeat('x', 1000000) AS big");
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 60; i++) await client.query("SELECT repeat('x', 1000000) AS big");
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 1e6;
    // Kept, the 60 replies would hold 60 MB.
    expect(retainedMb).toBeLessThan(20);
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** V8's gc(), without starting the test process with --expose-gc. */
function exposedGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}
