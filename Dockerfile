# Prichal: one image for the bot, the worker and the migrate step (docker-compose.yml).
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN python -m venv /opt/prichal && /opt/prichal/bin/pip install --no-compile . \
    && /opt/prichal/bin/python -m compileall -q /opt/prichal

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH=/opt/prichal/bin:$PATH \
    PRICHAL_HOME=/app PRICHAL_DATA_KEY_FILE=/app/keys/prichal.key
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin prichal
WORKDIR /app
COPY --from=build /opt/prichal /opt/prichal
COPY --chown=root:root alembic.ini ./
COPY --chown=root:root migrations ./migrations
COPY --chown=root:root locales ./locales
# Catalogs ready at build time: every Fluent file parses and every key exists in ru and en,
# or the build fails here rather than in a member's chat.
RUN python -c "from bot.i18n import create_core; create_core('ru')" \
    && mkdir -p /app/data /app/keys && chown prichal:prichal /app/data /app/keys \
    && chmod 0700 /app/data /app/keys
USER prichal
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import os,sys,urllib.request; sys.exit(0 if not os.environ.get('WEBHOOK_URL') else urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('WEBHOOK_PORT','8080'), timeout=4).status != 200)"
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
