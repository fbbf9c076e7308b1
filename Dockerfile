# One image for web, worker and beat; each service picks its script under bin/.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=vodokanal.settings.production VAR_DIR=/app/var

# WeasyPrint needs Pango; fonts with Cyrillic for the PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core fonts-liberation \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY vodokanal vodokanal
COPY accounts accounts
COPY billing billing
COPY meters meters
COPY payments payments
COPY support support
RUN pip install .
COPY . .
RUN useradd --create-home --uid 1000 vodokanal && mkdir -p var && chown vodokanal var
USER vodokanal
EXPOSE 8000
CMD ["bin/web"]
