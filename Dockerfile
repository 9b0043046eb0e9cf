# kalamdb-pg: build with the full toolchain, run on a slim Node 20 image as a non-root user.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    KALAM_DATA_DIR=/data \
    KALAM_HOST=0.0.0.0 \
    KALAM_PORT=5433 \
    KALAM_REQUIRE_PASSWORD=1
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 5433
# Like the PostgreSQL image, the container refuses to start without KALAM_PASSWORD.
CMD ["node", "dist/server/main.js"]
