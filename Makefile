# Photo album: one entry point for developers, CI and the ops team.
# `make` alone prints the targets; every target installs what it needs first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ENV ?= dev
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV := $(ROOT)/.venv
TOOLS := $(ROOT)/.tools
NODE_STAMP := node_modules/.install-stamp
VENV_STAMP := $(VENV)/.install-stamp
PYTHON ?= python3
# Locally we run Node 20 (the Debian/CI toolchain); Lambda runs the newer runtime build.mjs targets.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED := true

.PHONY: help install build test lint dev

help: ## Show this help
	@echo "Usage: make <target> [ENV=dev|staging|prod]"
	@echo
	@awk 'BEGIN {FS = ":.*?## "} /^[a-zA-Z0-9_.-]+:.*?## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(NODE_STAMP) $(VENV_STAMP) ## Install npm packages and the project-local Python virtual environment

$(NODE_STAMP): package.json package-lock.json
	@echo "==> npm ci"
	npm ci --no-audit --no-fund
	@touch $@

$(VENV_STAMP): requirements.txt
	@echo "==> Python virtual environment in .venv"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check --progress-bar on -r requirements.txt
	@touch $@

build: $(NODE_STAMP) ## Bundle the web app into dist/web and every Lambda with esbuild into dist/*.zip
	node build.mjs

lint: $(NODE_STAMP) ## Type-check and lint the TypeScript (the Lambdas and tools, then the web app)
	npx tsc --noEmit
	npx tsc --noEmit -p web
	npx eslint .

test: install iac-tools debian-packages ## Run every test (installs what it needs first), after type-checking and linting
	npx tsc --noEmit
	npx tsc --noEmit -p web
	npx eslint .
	npx mocha

dev: install debian-packages ## Run the whole system locally (moto, API on 127.0.0.1:3000, processors)
	node --import tsx src/local/dev.ts

include $(wildcard mk/*.mk)
