# Benchmarks. Included by the top-level Makefile (NODE_STAMP comes from there).
#
# ImageMagick is the benchmark's external baseline. We call Debian's /usr/bin/convert by its full
# path: another `convert` can come first on PATH (this workplace has a stand-in in /usr/local/bin).

IMAGEMAGICK_CONVERT := /usr/bin/convert
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: bench-deps bench-images

bench-deps: ## Install what the benchmarks need (Debian's imagemagick, only if /usr/bin/convert is missing)
	@if [ -x $(IMAGEMAGICK_CONVERT) ]; then \
	  echo "==> $$($(IMAGEMAGICK_CONVERT) -version | head -n 1)"; \
	else \
	  echo "==> apt-get install imagemagick"; \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends imagemagick; \
	fi

bench-images: $(NODE_STAMP) bench-deps ## Benchmark the image pipeline on a 24 MP JPEG (web-only, per-variant pipelines, ImageMagick, RSS)
	npm run -s bench:images
