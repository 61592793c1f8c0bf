# One image for every Ares service; the container's args choose which one runs, e.g.
#   args: ["dist/apps/trainer-service/src/main.js"]
# Debian (glibc), not Alpine: onnxruntime-node's CPU binaries need glibc.
# No secret is baked in: NATS credentials, the API token and exchange keys come from the environment at run time.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# onnxruntime-node's postinstall downloads CUDA libraries (and fails offline); its CPU binaries ship in the package.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

FROM node:20-bookworm-slim AS runtime
# tini as PID 1: forwards SIGTERM to node (the graceful drain) and reaps zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production ONNXRUNTIME_NODE_INSTALL=skip
# The workspace manifests, so that npm ci links @ares/* (each lib's "main" points into dist/).
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/libs ./libs
COPY --from=build /app/apps ./apps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The vendored 2023 sample (ARES_DATA_DIR's default) and its provenance.
COPY --from=build /app/data/market ./data/market
# Numeric, so Kubernetes' runAsNonRoot can verify it without a passwd lookup.
USER 10001:10001
# Probes are Kubernetes' (/healthz, /readyz on ARES_HEALTH_PORT; the orchestrator's /health): no HEALTHCHECK here.
ENTRYPOINT ["tini", "--", "node"]
CMD ["dist/apps/orchestrator/src/main.js"]
