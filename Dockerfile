# The pedidos service. Build and run it with PostgreSQL: `docker compose up --build`.
# Node 24, the active LTS; the code also runs on Node 20.19 or later (engines).
FROM node:24-bookworm-slim

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
RUN pnpm install --frozen-lockfile --prod

COPY packages/domain/tsconfig.json packages/domain/
COPY packages/domain/src packages/domain/src
COPY packages/persistence/tsconfig.json packages/persistence/
COPY packages/persistence/src packages/persistence/src
COPY packages/persistence/migrations packages/persistence/migrations
COPY packages/api/tsconfig.json packages/api/
COPY packages/api/src packages/api/src

ENV NODE_ENV=production PORT=3000 LOG_LEVEL=info
USER node
WORKDIR /app/packages/api
EXPOSE 3000
# /ready answers 200 only while the database does.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The exec form runs node with no shell in between, so SIGTERM reaches the service, which stops gracefully.
# --conditions reads the workspace packages from their source (docs/decisions/0010).
CMD ["node", "--conditions=@pedidos/source", "--max-old-space-size=128", "--import", "tsx", "src/main.ts"]
