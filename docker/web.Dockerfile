# RoboKit dashboard: the built Angular app, served by frontend/serve.mjs, which also forwards /api to API_URL.
# Build from the repository root: docker build -f docker/web.Dockerfile .
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json ./
COPY shared/api/package.json shared/api/
COPY shared/lerobot/package.json shared/lerobot/
COPY shared/testing/package.json shared/testing/
RUN npm ci --no-audit --no-fund
COPY shared/api shared/api
COPY backend/openapi.json backend/openapi.json
COPY frontend frontend
RUN NX_DAEMON=false npx nx run frontend:build --outputStyle=static

FROM node:20.20-bookworm-slim
ENV WEB_HOST=0.0.0.0 WEB_PORT=8080 API_URL=http://api:8000
WORKDIR /app
COPY --from=build /app/frontend/serve.mjs /app/frontend/security-headers.mjs frontend/
COPY --from=build /app/frontend/dist/browser frontend/dist/browser
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.WEB_PORT+'/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "frontend/serve.mjs"]
