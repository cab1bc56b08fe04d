# syntax=docker/dockerfile:1
# paperfeed: build with `docker build -t paperfeed .`, run with `docker compose up` (compose.yaml)
# or `docker run -e DISCORD_TOKEN=… -v paperfeed-data:/data paperfeed`.
# test/dockerfile.slow.test.ts runs this file's npm and node commands in a clean copy of the repository.

ARG NODE_VERSION=20

# A toolchain for better-sqlite3: .prebuild-installrc makes its install compile it with node-gyp
# (python3, make, g++) rather than download a prebuilt binary. Only the build stages have it.
FROM node:${NODE_VERSION}-slim AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc .prebuild-installrc ./
COPY scripts ./scripts

# Production dependencies only: what the runtime stage ships. (`prepare` finds no esbuild here
# and leaves the build to the build stage.)
FROM toolchain AS deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# The bundle in dist/. No install scripts: the build needs esbuild, not a compiled better-sqlite3.
FROM toolchain AS build
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    STORE_URL=sqlite:///data/paperfeed.sqlite
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# The image's `node` user (uid 1000) owns /data, where SQLite keeps its file.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# Readiness: 200 once the store answers and every configured platform is connected (docs/deploy.md,
# "Health checks"). Node's own fetch: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) drains posts in flight for at most 7 s, then closes connections: within
# Docker's 10 s grace. Node runs as PID 1 directly (no npm in between, which would not pass it on).
STOPSIGNAL SIGTERM
CMD ["node", "bin/paperfeed.js", "start"]
