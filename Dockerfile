# syntax=docker/dockerfile:1
#
# The video-transcode worker's image for ECS Fargate: `make image ENV=<env>` builds it (after
# `make build` wrote dist/) and pushes it to the environment's ECR repository.
#
#   build stage    installs sharp for linux-x64 (glibc) from the lockfile build.mjs cut from
#                  package-lock.json: the only package the bundle leaves external
#   runtime stage  Node.js + Debian's ffmpeg, the bundle, a non-root user, a scratch volume
#
# linux/amd64 on every stage: Fargate Spot runs only X86_64 tasks, and the task definition says
# X86_64. Both stages use one base image, so the sharp binaries npm picks in the build stage are
# built for the Node.js and glibc that run them.
#
# The base image is pinned by tag: Node.js 24 (the major build.mjs targets, and the Lambdas'
# runtime) on Debian 12 "bookworm", whose ffmpeg (5.1) is the one `make dev` and the tests use on
# this machine. Node patch releases arrive with each rebuild. CI with registry access should pin
# the digest as well (NODE_IMAGE=node:24-bookworm-slim@sha256:...), so that a rebuilt commit gets
# the same base bytes.
#
# No Docker engine runs on the development machine: test/build/dockerfile.test.ts checks this
# file against the build output instead (stages, platforms, user, entry point, ffmpeg).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM --platform=linux/amd64 ${NODE_IMAGE} AS build
WORKDIR /build
COPY dist/containers/video-transcode/package.json dist/containers/video-transcode/package-lock.json ./
# sharp's prebuilt binaries come as optional @img packages; npm keeps those for this platform.
# No install scripts are needed (and none run): the binaries are in the packages.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force

FROM --platform=linux/amd64 ${NODE_IMAGE} AS runtime
# Debian's ffmpeg (with ffprobe); no recommended packages, no apt lists left in the layer.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged uid outside the base image's range (the image's `node` user is 1000).
# /scratch is made and owned by it before VOLUME: ECS gives a bind mount of the task's ephemeral
# storage root ownership and mode 0755 unless the image's Dockerfile sets them at that path (the
# ECS bind-mount documentation's own example), so this is what lets the worker write there while
# the root filesystem is read-only (readonlyRootFilesystem in the task definition).
RUN groupadd --system --gid 10001 worker \
    && useradd --system --uid 10001 --gid worker --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin worker \
    && mkdir -p /scratch \
    && chown worker:worker /scratch

WORKDIR /app
COPY --from=build /build/node_modules ./node_modules
COPY dist/containers/video-transcode/main.mjs dist/containers/video-transcode/main.mjs.map ./

# SCRATCH_DIR is where the worker downloads originals and ffmpeg writes renditions; TMPDIR sends
# anything else that wants a temporary file to the same writable volume.
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    SCRATCH_DIR=/scratch \
    TMPDIR=/scratch
VOLUME ["/scratch"]

USER 10001:10001
# ECS stops a task (a Fargate Spot interruption, a scale-in, a deployment) with SIGTERM, then
# SIGKILL after the task definition's stopTimeout: the worker stops receiving, finishes or hands
# back its job, and exits 0.
STOPSIGNAL SIGTERM
# No HEALTHCHECK: a queue worker listens on no port, so a probe could only ask "is the process
# alive", which ECS already knows: when the worker exits, the service starts a new task. A health
# check that failed during a long encode would get a healthy task killed mid-job; a job that dies
# is redelivered by SQS after its visibility timeout, and the DLQ alarm catches repeated failures.
ENTRYPOINT ["node", "/app/main.mjs"]
