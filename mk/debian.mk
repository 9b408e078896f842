# Debian packages the project needs on this machine. Included by the top-level Makefile.
#
# ffmpeg and ffprobe (the video-transcode worker and its tests) come from Debian's package, the
# same one the worker's container installs. We check Debian's path rather than PATH: another ffmpeg
# earlier on PATH (a static build, a stand-in) would hide a missing package.

DEBIAN_FFMPEG := /usr/bin/ffmpeg
DEBIAN_SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: debian-packages

debian-packages: ## Install Debian's ffmpeg (with ffprobe) for the video worker, only if /usr/bin/ffmpeg is missing
	@if [ -x $(DEBIAN_FFMPEG) ]; then \
	  echo "==> $$($(DEBIAN_FFMPEG) -hide_banner -version | head -n 1)"; \
	else \
	  echo "==> apt-get install ffmpeg"; \
	  $(DEBIAN_SUDO) apt-get update && $(DEBIAN_SUDO) apt-get install -y --no-install-recommends ffmpeg; \
	fi
