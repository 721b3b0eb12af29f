# DealDesk API server. Build: docker build -t dealdesk .
# Run (against a managed PostgreSQL; migrate once per release, then serve):
#   docker run --rm -e DATABASE_URL=postgresql://... dealdesk dealdesk migrate
#   docker run -p 8000:8000 -e DATABASE_URL=postgresql://... -e DEALDESK_SECRET_KEY=... dealdesk
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEALDESK_ENV=production \
    DEALDESK_GRAPHIQL=false \
    DEALDESK_INTROSPECTION=false \
    DEALDESK_DATA_DIR=/tmp/dealdesk

WORKDIR /app
COPY . /app
# Everything installs from wheels: fonts and GraphiQL ship inside the package.
RUN pip install '.[tracing]' \
    && useradd --system --no-create-home dealdesk

USER dealdesk
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["dealdesk", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
