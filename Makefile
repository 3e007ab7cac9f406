# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LAWS_DIR ?= ../shared/laws
PORT ?= 8000
export LAWS_DIR

.PHONY: run test install model browser services bench soak check clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

install: $(VENV)/.installed

# The browser tests use Debian's chromium; install it when missing (root only).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Cần cài chromium: sudo apt-get install chromium" >&2; exit 1; fi; }
	@command -v node >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; \
	  else echo "Cần cài nodejs: sudo apt-get install nodejs" >&2; exit 1; fi; }

# The storage and rate-limit tests start a real PostgreSQL and Redis themselves (Debian's packages);
# install them when missing (root only).
services:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null; \
	  else echo "Cần cài PostgreSQL và Redis: sudo apt-get install postgresql redis-server" >&2; exit 1; fi; }

models/model.json: | install
	$(PY) train.py --eval ../shared/bench/dev.jsonl

model: install
	$(PY) train.py --eval ../shared/bench/dev.jsonl

check: install
	$(PY) train.py --check

run: install models/model.json
	$(PY) serve.py --port $(PORT)

test: install browser services
	node --test widget/tests/
	$(PY) -m pytest -q

bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || echo "wrk chưa có: sudo apt-get install wrk" >&2
	$(PY) bench/run.py

soak: install models/model.json
	$(PY) bench/soak.py

clean:
	rm -rf $(VENV) build *.egg-info
