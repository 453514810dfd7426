# One image for the api and the worker processes (APP_ROLE selects which).
FROM node:22-bookworm-slim AS build
WORKDIR /app
# The image's npm (10) ignores package.json's allowScripts: onnxruntime-node's GPU download is skipped here.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
# tini as PID 1: it forwards SIGTERM to node, whose shutdown lets active jobs finish, and reaps the
# processes node starts (the embedded database, a local redis-server), which PID 1 must do.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time from src/: the GraphQL schema files (src/**/*.graphql) and the web page's files (src/web/public).
COPY --from=build /app/src ./src
COPY models/manifest.json ./models/manifest.json
# The demo talks EVENTS_SOURCE loads by default.
COPY seed ./seed
USER node
EXPOSE 3000
# Readiness of this container's process (the database, Redis and a probe embedding answer): on PORT for
# api and all, on HEALTH_PORT for a worker (a worker without HEALTH_PORT is reported unhealthy). The start
# period covers loading the model and migrating.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/src/cli/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
