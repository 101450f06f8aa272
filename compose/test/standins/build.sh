#!/usr/bin/env bash
# Builds stand-ins for the three third-party images compose/docker-compose.yml names, for machines that reach no
# image registry (these development machines): they are tagged with the names compose expects, so the stack's own
# files are booted unchanged. Needs podman (or docker), debootstrap and the project built (./mvnw -B package).
#   eclipse-temurin:17.0.15_6-jre  Debian bookworm (debootstrap) with openjdk-17-jre-headless
#   apache/kafka:3.9.1             that base with the kafka_2.13 3.9.1 jars of local-stack/target/lib, started the
#                                  way apache/kafka starts (KAFKA_* variables -> server.properties, storage formatted
#                                  once, kafka.Kafka), and its bin/kafka-broker-api-versions.sh for the health check
#   minio/minio:RELEASE...         that base with S3Proxy (a real S3 API server) on :9000, objects under /data; it has
#                                  no users, no policies and no console: the test override replaces minio-init
# Images that exist already are kept (--rebuild rebuilds them).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
engine="${CONTAINER_ENGINE:-podman}"
rebuild=false
[ "${1:-}" = "--rebuild" ] && rebuild=true

jre=docker.io/library/eclipse-temurin:17.0.15_6-jre
kafka=docker.io/apache/kafka:3.9.1
minio=docker.io/minio/minio:RELEASE.2025-04-22T22-12-26Z

exists() { $engine image exists "$1" 2>/dev/null; }

if $rebuild || ! exists "$jre"; then
  rootfs="$(mktemp -d /var/tmp/rsidiff-jre.XXXXXX)"
  trap 'rm -rf "$rootfs"' EXIT
  echo "standins: debootstrap bookworm + openjdk-17-jre-headless (a few minutes)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl,ca-certificates bookworm "$rootfs" \
    http://deb.debian.org/debian >"$rootfs.log" 2>&1 || { tail -20 "$rootfs.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | $engine import --change 'CMD ["/bin/bash"]' - "$jre" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
  trap - EXIT
fi
echo "standins: $jre ready"

context="$(mktemp -d /var/tmp/rsidiff-standin.XXXXXX)"
trap 'rm -rf "$context"' EXIT

if $rebuild || ! exists "$kafka"; then
  lib="$repo/local-stack/target/lib"
  ls "$lib"/kafka_2.13-3.9.1.jar >/dev/null 2>&1 || { echo "standins: $lib lacks kafka_2.13-3.9.1.jar: build first (./mvnw -B package -DskipTests)" >&2; exit 1; }
  cp -r "$here/kafka/." "$context/"
  cp -r "$lib" "$context/libs"
  $engine build -q -t "$kafka" "$context" >/dev/null
  rm -rf "${context:?}"/*
fi
echo "standins: $kafka ready"

if $rebuild || ! exists "$minio"; then
  s3proxy="$(ls "$HOME"/.m2/repository/org/gaul/s3proxy/*/s3proxy-*-jar-with-dependencies.jar 2>/dev/null | tail -1)"
  [ -n "$s3proxy" ] || { echo "standins: no S3Proxy jar in ~/.m2: build first (./mvnw -B package -DskipTests)" >&2; exit 1; }
  cp -r "$here/minio/." "$context/"
  cp "$s3proxy" "$context/s3proxy.jar"
  $engine build -q -t "$minio" "$context" >/dev/null
fi
echo "standins: $minio ready"
