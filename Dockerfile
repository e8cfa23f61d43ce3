# Image for the app services of docker-compose.yml (migrate, web, worker,
# projector). The default command serves the web app with gunicorn.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (cached while pyproject.toml is unchanged).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# Then the code. Catalogs are compiled before `pip install` so that the .mo
# files are packaged with webapp (package-data: translations/**/*).
COPY . .
RUN if [ -d webapp/translations ] && [ -n "$(find webapp/translations -name '*.po' -print -quit)" ]; then \
        pybabel compile -d webapp/translations; \
    fi \
 && pip install --no-deps . \
 && useradd --system --uid 10001 --home-dir /app shuangsui \
 && mkdir -p /app/var \
 && chown shuangsui /app/var

USER shuangsui
EXPOSE 8000
CMD ["gunicorn", "-w", "3", "-b", "0.0.0.0:8000", "webapp:create_app()"]
