# Debian packages the project needs on this machine. Included by the top-level Makefile.
#
# ffmpeg and ffprobe (the video-transcode worker and its tests) come from Debian's package, the
# same one the worker's container installs; chromium runs the web app's browser tests. We check
# Debian's paths rather than PATH: another ffmpeg or chromium earlier on PATH (a static build, a
# stand-in, a snap) would hide a missing package. Whatever is missing goes in one apt-get call.

DEBIAN_FFMPEG := /usr/bin/ffmpeg
DEBIAN_CHROMIUM := /usr/bin/chromium
DEBIAN_SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: debian-packages

debian-packages: ## Install Debian's ffmpeg (video worker) and chromium (browser tests), only those missing from /usr/bin
	@missing=""; \
	if [ -x $(DEBIAN_FFMPEG) ]; then \
	  echo "==> $$($(DEBIAN_FFMPEG) -hide_banner -version | head -n 1)"; \
	else \
	  missing="$$missing ffmpeg"; \
	fi; \
	if [ -x $(DEBIAN_CHROMIUM) ]; then \
	  echo "==> $$($(DEBIAN_CHROMIUM) --version 2>/dev/null | head -n 1)"; \
	else \
	  missing="$$missing chromium"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "==> apt-get install$$missing"; \
	  $(DEBIAN_SUDO) apt-get update && $(DEBIAN_SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi
