# The pedidos service. Build and run it with PostgreSQL: `docker compose up --build`.
# Node 24, the active LTS; the code also runs on Node 20.19 or later (engines).
# Two stages: the first installs every dependency and compiles the TypeScript; the second holds the production
# dependencies and the compiled JavaScript only, which starts with no loader (decision 0029).
FROM node:24-bookworm-slim AS compilacion

# Corepack's signature check fails on some networks; npm installs pnpm reliably.
RUN npm install -g pnpm@9

WORKDIR /app
# Dependencies first, so that a change in the sources does not reinstall them.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc .pnpmfile.cjs tsconfig.base.json ./
# The patches pnpm applies to dependencies as it installs them (docs/decisions/0022).
COPY patches patches
COPY packages/domain/package.json packages/domain/
COPY packages/persistence/package.json packages/persistence/
COPY packages/api/package.json packages/api/
RUN pnpm install --frozen-lockfile

COPY packages/domain/tsconfig.json packages/domain/tsconfig.build.json packages/domain/
COPY packages/domain/src packages/domain/src
COPY packages/persistence/tsconfig.json packages/persistence/tsconfig.build.json packages/persistence/
COPY packages/persistence/src packages/persistence/src
# The build ends with the template of a new embedded database, migrated (docs/decisions/0031).
COPY packages/persistence/migrations packages/persistence/migrations
COPY packages/api/tsconfig.json packages/api/tsconfig.build.json packages/api/
COPY packages/api/src packages/api/src
RUN pnpm --filter @pedidos/domain --filter @pedidos/persistence --filter @pedidos/api build

FROM node:24-bookworm-slim
RUN npm install -g pnpm@9
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc .pnpmfile.cjs ./
COPY patches patches
COPY packages/domain/package.json packages/domain/
COPY packages/persistence/package.json packages/persistence/
COPY packages/api/package.json packages/api/
RUN pnpm install --frozen-lockfile --prod
COPY --from=compilacion /app/packages/domain/dist packages/domain/dist
COPY --from=compilacion /app/packages/persistence/dist packages/persistence/dist
COPY packages/persistence/migrations packages/persistence/migrations
COPY --from=compilacion /app/packages/api/dist packages/api/dist

ENV NODE_ENV=production PORT=3000 LOG_LEVEL=info
USER node
WORKDIR /app/packages/api
EXPOSE 3000
# /ready answers 200 only while the database does.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The exec form runs node with no shell in between, so SIGTERM reaches the service, which stops gracefully.
CMD ["node", "--max-old-space-size=128", "dist/main.js"]
