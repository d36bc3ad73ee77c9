# syntax=docker/dockerfile:1
#
# Music Tracker as one self-contained executable on a small glibc base.
#
#   docker compose up -d --build          (compose.yaml: read-only root, tmpfs /tmp, ./data on /data)
#   docker build -t music-tracker . && docker run -p 8080:8080 -v "$PWD/data:/data" music-tracker
#
# The build needs outbound network: registry.npmjs.org (deno install) and dl.deno.land (deno compile downloads
# the `denort` base runtime once into DENO_DIR). tests/packaging_test.ts checks that this file, compose.yaml,
# deno.json and .ci/run agree with each other.

# ---------------------------------------------------------------------------------------------------------------
# Build stage: the same Deno as CI. `.ci/run` installs DENO_VERSION=2.9.6; keep the tag equal (the test checks).
# `denoland/deno:<version>` is the Debian variant of the official image.
FROM denoland/deno:2.9.6 AS build
WORKDIR /app

# Dependencies exactly as locked. Copied and installed before the source so this layer is reused while only
# source files change. Every npm package is in deno.json's import map, so the source is not needed here.
COPY deno.json deno.lock ./
RUN deno install --frozen

# The source. `*.ts` takes every top-level module (main.ts, config.ts, log.ts, ...): config.ts already imports
# a new top-level log.ts, and a fixed list would break the build on the next one. The test walks main.ts's
# imports and fails if a module the program needs is not copied here.
COPY *.ts ./
COPY lib/ lib/
COPY cli/ cli/
COPY pipeline/ pipeline/
COPY warehouse/ warehouse/
COPY sql/ sql/
COPY web/ web/
COPY .ci/compile.ts .ci/

# deno.json's compile task runs .ci/compile.ts: deno compile --frozen --self-extracting --unstable-cron, explicit
# --allow-* flags, --include sql, the musl DuckDB bindings of this machine's architecture excluded (an arm64
# build excludes the arm64 ones); it writes dist/music-tracker.
RUN deno task compile

# An empty /data for the runtime stage to take over with the right owner (distroless has no mkdir/chown).
RUN mkdir -p /rootfs/data

# ---------------------------------------------------------------------------------------------------------------
# Runtime stage: gcr.io/distroless/cc-debian12.
# Why this base: the compiled binary (denort) and the DuckDB addon (duckdb.node + libduckdb.so, the glibc build
# of @duckdb/node-bindings-linux-*) need glibc, libgcc_s and libstdc++. distroless "cc" is exactly Debian 12's
# libc6 2.36 + libgcc-s1 + libstdc++6 (+ ca-certificates, tzdata, openssl) with no shell, package manager or
# curl: a smaller attack surface than debian:12-slim, which would also work. No Alpine: musl cannot run the glibc
# addon, and the compile task excludes the musl bindings.
FROM gcr.io/distroless/cc-debian12 AS runtime
WORKDIR /app

COPY --from=build /app/dist/music-tracker /app/music-tracker

# Self-extracting binaries and a read-only root filesystem.
# Deno's docs ("deno compile" > Self-Extracting Executables, docs.deno.com/runtime/reference/cli/compile/): a
# `--self-extracting` binary extracts its embedded files on first run to, in order of preference,
#   1. <exe_dir>/.<exe_name>/<hash>/                  here /app/.music-tracker/<hash>/
#   2. $XDG_DATA_HOME/<exe_name>/<hash> or ~/.local/share/<exe_name>/<hash>   (Linux fallback)
# and later runs reuse the directory when it exists with that hash. There is no dedicated variable for it.
# Deno's source (cli/rt/binary.rs) adds what the docs leave out: a run is "already extracted" when
# <dir>/.done exists (then nothing is written), symlinks (node_modules/ is full of them) are extracted as
# ABSOLUTE links into that directory, and the V8 code cache goes to <dir>.cache (a failed write is ignored).
# So the extraction is done here, once, at build time, at the final path /app/music-tracker: the image then
# carries /app/.music-tracker/<hash>/ (+ .done and the code cache), and at run time the binary only reads it,
# which works with `read_only: true`. Running the binary also proves it and the DuckDB addon load on this base
# (main.ts imports @duckdb/node-api statically). Exec form: distroless has no /bin/sh.
# Do not rely on the fallback: /tmp is a tmpfs that Docker mounts noexec, and libduckdb.so cannot be
# dlopen()ed from a noexec mount; an extraction there (~70 MB) would also count against the memory limit.
RUN ["/app/music-tracker", "--help"]

# The warehouse folder, owned by the runtime user (a fresh named volume inherits this; a bind mount such as
# compose's ./data keeps the host folder's owner: chown it to 10001 on the host).
COPY --from=build --chown=10001:10001 /rootfs/data /data

# uid 10001 has no /etc/passwd entry in distroless (Docker then sets HOME=/, which is read-only): give it a
# writable HOME on the /tmp tmpfs for anything that insists on one. GLIBC_TUNABLES as `deno task start` sets it:
# two malloc arenas instead of one per thread, and blocks of 128 KiB and more mapped and unmapped at once, keep
# ~20 MB less freed memory at serve's and an import's peak (commands other than serve raise the threshold to
# 1 MiB for themselves: lib/c_malloc.ts).
ENV DUCKDB_PATH=/data/music_tracker.duckdb \
    HOST=0.0.0.0 \
    PORT=8080 \
    HOME=/tmp \
    GLIBC_TUNABLES=glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072
USER 10001:10001
VOLUME /data
EXPOSE 8080

# distroless has no curl/wget: the binary checks itself. main.ts's `healthcheck` subcommand requests
# GET http://127.0.0.1:${PORT}/healthz (HOST 0.0.0.0 is asked on 127.0.0.1; here http://127.0.0.1:8080/healthz)
# and exits 0 when it answers 200, 1 otherwise (never 2: Docker reserves it). Its own 4 s request timeout
# stays under --timeout=5s, and it does not open the DuckDB file (the server holds its lock).
# compose.yaml repeats these settings; the test keeps them equal.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/app/music-tracker", "healthcheck"]

ENTRYPOINT ["/app/music-tracker"]
CMD ["serve"]
