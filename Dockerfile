# chatload in a container (docs/distributed.md):
#   docker build -t chatload:0.1.0 .
#   docker run --rm -v "$PWD/reports:/reports" chatload:0.1.0 run      # the shipped smoke scenario, embedded mock
#   docker run --rm -e SIGMAMIND_API_KEY -v "$PWD/scenarios:/scenarios:ro" -v "$PWD/reports:/reports" \
#     chatload:0.1.0 run scenarios/my.yaml --target https://api.sigmamind.ai --yes
# The working folder is /, so the default reports/<run-id> is /reports/<run-id> and scenarios/ is /scenarios.

FROM node:20.20.2-bookworm-slim AS build
# better-sqlite3 (the run history) compiles from source where no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY . .
# Installs exactly what package-lock.json pins; its `prepare` script compiles src/ to dist/.
RUN npm ci --no-audit --no-fund
# From here on, the same commands as test/e2e/package.test.ts (it runs these RUN lines, with APP and
# PACK in a temp folder): the package as `npm pack` makes it, with its production dependencies only.
ARG APP=/app
ARG PACK=/tmp/pack
RUN mkdir -p "$PACK" "$APP" && npm pack --ignore-scripts --silent --pack-destination "$PACK"
RUN tar -xzf "$PACK"/chatload-*.tgz -C "$APP" --strip-components=1
RUN cp package-lock.json "$APP"/ && cp -R node_modules "$APP"/node_modules
RUN cd "$APP" && npm prune --omit=dev --offline --no-audit --no-fund

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production
COPY --from=build /app /app
RUN ln -s /app/bin/chatload.js /usr/local/bin/chatload \
 && mkdir /reports /scenarios \
 && chown node:node /reports
# The node image's unprivileged user (uid 1000): a mounted /reports must be writable by it.
USER node
WORKDIR /
VOLUME ["/reports"]
ENTRYPOINT ["chatload"]
CMD ["--help"]
