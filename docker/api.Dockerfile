# RoboKit API and worker: one image, the role is chosen at start-up (ROLE=api|worker|all).
# Build from the repository root: docker build -f docker/api.Dockerfile .
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json tsconfig.spec.json jest.base.js ./
COPY shared/api/package.json shared/api/
COPY shared/lerobot/package.json shared/lerobot/
COPY shared/testing/package.json shared/testing/
RUN npm ci --no-audit --no-fund
COPY shared shared
COPY backend backend
RUN NX_DAEMON=false npx nx run-many -t build --projects=api,lerobot,testing,backend --outputStyle=static \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production HF_HOME=/data/hf API_PORT=8000
# The quality job's video metrics decode with the system ffmpeg (Debian bookworm's 5.1).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/shared/api/package.json shared/api/
COPY --from=build /app/shared/api/dist shared/api/dist
COPY --from=build /app/shared/lerobot/package.json shared/lerobot/
COPY --from=build /app/shared/lerobot/dist shared/lerobot/dist
COPY --from=build /app/backend/dist backend/dist
RUN mkdir -p /data/hf && chown node:node /data/hf
USER node
VOLUME /data/hf
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.API_PORT||8000)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "backend/dist/main.js"]
