# Production image: the app runs TypeScript directly through tsx (no build output to keep in sync).
FROM node:20.19-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Chromium renders JavaScript-built gallery pages for the html crawl source.
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY src ./src
COPY migrations ./migrations
COPY web ./web
COPY scripts ./scripts
COPY crawlers ./crawlers
COPY config ./config
COPY tsconfig.json ./
# Postgres and Meilisearch run as their own services (docker-compose.yml); DATA_DIR keeps media.
ENV DATA_DIR=/data HOST=0.0.0.0 PORT=3000
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npx", "tsx", "src/main.ts"]
