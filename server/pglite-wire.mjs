// The Postgres wire protocol in front of one PGlite, on a unix socket (or a TCP port, for tests).
//
// Every complete message a connection has sent when its data arrives goes to PGlite in one call,
// and the reply leaves in one write. node-postgres sends a parameterised statement as five
// messages (Parse, Bind, Describe, Execute, Sync) in one write: handed over one by one, as
// pglite-socket 0.1.6 does, each costs an entry into the WebAssembly backend and a socket write of
// its own, which made a parameterised `SELECT $1` take 0.96 ms against 0.39 ms for `SELECT 1`.
// PGlite runs a batch the way a backend runs its input: message after message, skipping to the
// next Sync after an error.
//
// PGlite is one backend, so connections take turns at message boundaries where the backend holds
// nothing for the connection: not inside a transaction, and not between an extended-protocol
// message and its Sync (the unnamed statement and portal are the backend's, not the connection's).
import fs from "node:fs";
import net from "node:net";
import { protocol } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** A message longer than this is a broken or hostile client, not a statement. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

// PGlite parses every reply message its backend writes into JavaScript objects for its own query
// API (each DataRow field copied and decoded to a string), whatever call ran the backend. The wire
// server forwards the reply's bytes and never reads those objects: the parse was a millisecond of
// this thread's CPU per chat turn, with the garbage it leaves. It is skipped while a batch runs for
// a connection. The flag is set around the synchronous part of the call, where the backend runs and
// writes; the worker's own `exec` calls (settings, ROLLBACK) are parsed as before.
let forwarding = false;
const parseReplies = protocol.Parser.prototype.parse;
protocol.Parser.prototype.parse = function parseUnlessForwarded(data, callback) {
  if (!forwarding) parseReplies.call(this, data, callback);
};

/**
 * Runs one batch in the backend without PGlite parsing its replies: execProtocol runs the backend
 * synchronously before its first await (its error capture is off, `throwOnError: false`).
 * @param {import("@electric-sql/pglite").PGlite} db @param {Uint8Array} batch
 */
function forward(db, batch) {
  forwarding = true;
  try {
    return db.execProtocol(batch, { throwOnError: false });
  } finally {
    forwarding = false;
  }
}

/**
 * @param {import("@electric-sql/pglite").PGlite} db
 * @param {{ path?: string, host?: string, port?: number, maxConnections: number }} options
 * @returns {Promise<{ address: string, stop(): Promise<void> }>}
 */
export async function serveWire(db, { path, host, port, maxConnections }) {
  /** @type {Array<{ connection: Connection, batch: Buffer, synced: boolean }>} */
  const pending = [];
  /** The connection the backend is holding state for (open transaction or unsynced pipeline). */
  let holder = null;
  let running = false;
  const connections = new Set();

  const next = () => {
    const index = holder ? pending.findIndex((item) => item.connection === holder) : 0;
    return index < 0 ? undefined : pending.splice(index, 1)[0];
  };

  const pump = async () => {
    if (running) return;
    running = true;
    try {
      for (let item = next(); item; item = next()) {
        const { connection, batch, synced } = item;
        if (connection.closed) continue;
        try {
          // execProtocol, not execProtocolRawStream: PGlite keeps every reply message it parses until
          // the next execProtocol or query call, so a server that only streams never frees them.
          const { data } = await db.runExclusive(() => forward(db, batch));
          connection.send(data);
          holder = db.isInTransaction() || !synced ? connection : null;
        } catch (error) {
          // Not a SQL error (those are protocol replies): the backend failed under this connection.
          connection.destroy(error);
          await release(connection);
        }
      }
    } finally {
      running = false;
    }
  };

  const release = async (connection) => {
    if (holder !== connection) return;
    holder = null;
    // exec takes PGlite's query lock itself (inside runExclusive it would wait for itself).
    if (db.isInTransaction()) await db.exec("ROLLBACK").catch(() => {});
  };

  class Connection {
    /** @param {net.Socket} socket */
    constructor(socket) {
      this.socket = socket;
      this.closed = false;
      this.started = false;
      /** @type {Buffer[]} reads not parsed yet: the start of a message still arriving */
      this.arrived = [];
      this.arrivedBytes = 0;
      /** That message's length, once its header is here. */
      this.awaitedBytes = 0;
      socket.setNoDelay(true);
      socket.on("data", (data) => this.receive(data));
      socket.on("error", () => this.close());
      socket.on("close", () => this.close());
    }

    receive(data) {
      // A long message arrives in many reads: they are kept as they came until all of it is here,
      // so it is copied once, not once per read.
      this.arrived.push(data);
      this.arrivedBytes += data.length;
      if (this.arrivedBytes < this.awaitedBytes) return;
      const input = this.arrived.length === 1 ? this.arrived[0] : Buffer.concat(this.arrived, this.arrivedBytes);
      /** @type {Buffer[]} */
      const messages = [];
      let offset = 0;
      while (!this.closed) {
        const length = this.messageLength(input, offset);
        if (length === undefined || offset + length > input.length) break;
        const message = input.subarray(offset, offset + length);
        offset += length;
        if (!this.started) {
          this.startup(message);
          continue;
        }
        if (message[0] === TERMINATE) {
          this.enqueue(messages.splice(0));
          this.socket.end();
          break;
        }
        messages.push(message);
      }
      const rest = input.subarray(offset);
      this.arrived = rest.length ? [rest] : [];
      this.arrivedBytes = rest.length;
      this.awaitedBytes = this.closed ? 0 : (this.messageLength(rest, 0) ?? 0);
      this.enqueue(messages);
    }

    /** Bytes of the message at `offset` of `input`, or undefined until its length has arrived. */
    messageLength(input, offset) {
      // A typed message's length follows its type byte and counts itself, not the type.
      const typeBytes = this.started ? 1 : 0;
      if (input.length < offset + typeBytes + 4) return undefined;
      const declared = input.readInt32BE(offset + typeBytes);
      if (declared < 4 || declared > MAX_MESSAGE_BYTES) {
        this.destroy(new Error(`invalid message length ${declared}`));
        return undefined;
      }
      return typeBytes + declared;
    }

    /** The untyped messages before the session: encryption requests are declined, a cancel is ignored. */
    startup(message) {
      const code = message.length >= 8 ? message.readInt32BE(4) : 0;
      if (code === SSL_REQUEST || code === GSS_REQUEST) {
        this.socket.write("N");
        return;
      }
      if (code === CANCEL_REQUEST) {
        this.socket.end();
        return;
      }
      this.started = true;
      this.enqueue([message], true);
    }

    /** `synced`: the batch ends where the backend holds nothing for this connection's pipeline. */
    enqueue(messages, synced = [SYNC, SIMPLE_QUERY].includes(messages.at(-1)?.[0])) {
      if (!messages.length || this.closed) return;
      // One contiguous copy: PGlite reads the batch as one input, after any other connection's turn.
      pending.push({ connection: this, batch: Buffer.concat(messages), synced });
      void pump();
    }

    /** @param {Uint8Array} data a copy PGlite made for this call */
    send(data) {
      if (data.length && !this.closed) this.socket.write(data);
    }

    destroy(error) {
      this.socket.destroy(error);
      this.close();
    }

    close() {
      if (this.closed) return;
      this.closed = true;
      connections.delete(this);
      void release(this).then(pump);
    }
  }

  const server = net.createServer((socket) => {
    if (connections.size >= maxConnections) {
      socket.destroy();
      return;
    }
    connections.add(new Connection(socket));
  });
  if (path) fs.rmSync(path, { force: true });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    if (path) server.listen(path, resolve);
    else server.listen(port ?? 0, host ?? "127.0.0.1", resolve);
  });
  const bound = server.address();
  return {
    address: typeof bound === "string" ? bound : `${bound.address}:${bound.port}`,
    async stop() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.destroy();
      });
    },
  };
}
