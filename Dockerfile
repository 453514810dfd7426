# One image for the api and the worker processes (APP_ROLE selects which).
FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
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
CMD ["node", "dist/src/main.js"]
