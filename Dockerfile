# Palompy: one image serving the app, the public widget API and /widget.js.
# Production: set DATABASE_URL to a PostgreSQL server with pgvector >= 0.8 (compose.yaml runs
# pgvector/pgvector:pg17 beside it). Without DATABASE_URL the app falls back to the embedded
# database (PGlite in /data, in its own thread): fine for a demo or development, one instance only.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 PALOMPY_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
# server/ holds the HTTP entry and the embedded database's worker thread (plain JavaScript).
COPY --from=build /app/server ./server
COPY --from=build /app/prisma ./prisma
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /readyz is 503 (with the reason) until the database is migrated and pgvector supports iterative scans.
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Node is PID 1 and handles SIGTERM itself: streaming answers finish (PALOMPY_SHUTDOWN_GRACE_MS),
# job workers stop, the database closes.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "server/start.mjs"]
