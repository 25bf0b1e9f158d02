// A minimal round-robin HTTP load balancer for the scale-out benchmark, in its own process so it
// takes no event-loop time from the load generator: each request goes to the next upstream app
// instance, over keep-alive connections. Started by bench/sections/scale-out.ts over IPC.
import http from "node:http";

const upstreams = JSON.parse(process.env.UPSTREAMS ?? "[]").map((url) => new URL(url));
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
let next = 0;

const server = http.createServer((request, response) => {
  const upstream = upstreams[next++ % upstreams.length];
  const forwarded = http.request(
    { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  forwarded.on("error", () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  request.pipe(forwarded);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.({ type: "ready", url: `http://127.0.0.1:${server.address().port}` }));
process.on("message", (message) => {
  if (message?.type === "close") server.close(() => process.exit(0));
});
