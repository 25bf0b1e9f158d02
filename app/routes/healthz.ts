/** Liveness: the process is up and serving. Touches nothing else on purpose. */
export function loader() {
  return new Response(JSON.stringify({ status: "ok" }), {
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
