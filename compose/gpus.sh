#!/bin/sh
# Writes compose/docker-compose.gpus.yml: one GPU per generator and trainer instance.
#   ./compose/gpus.sh --generators 0,1,2 --trainers 3
#   docker compose -f compose/docker-compose.yml -f compose/docker-compose.gpus.yml up -d
# The first GPU of each list goes to the base service (generator-service, trainer-service), each further one to an
# instance of its own (generator-service-gpu1, ...): Docker gives every replica of one service the same devices,
# so replicas that must not share a GPU are separate services in the same consumer group. Each instance sees its
# GPU as GPU 0 and runs with RSIDIFF_DEVICE=gpu. Instances beyond a topic's partitions wait idle: up to 6
# generators (rsidiff.prompts.filtered) and 3 trainers (rsidiff.weights.assigned, keyed by run).
set -eu
generators=""
trainers=""
while [ $# -gt 0 ]; do
  case "$1" in
    --generators) generators="$2"; shift 2 ;;
    --trainers) trainers="$2"; shift 2 ;;
    *) echo "gpus.sh: unknown argument '$1' (use --generators LIST --trainers LIST, e.g. --generators 0,1 --trainers 2)" >&2; exit 2 ;;
  esac
done
[ -n "$generators$trainers" ] || { echo "gpus.sh: give --generators and/or --trainers, each a list of GPU indices" >&2; exit 2; }
all=$(echo "$generators,$trainers" | tr ',' '\n' | sed '/^$/d')
for gpu in $all; do
  case "$gpu" in *[!0-9]*) echo "gpus.sh: '$gpu' is not a GPU index" >&2; exit 2 ;; esac
done
duplicate=$(echo "$all" | sort | uniq -d | head -1)
[ -z "$duplicate" ] || { echo "gpus.sh: GPU $duplicate is given twice; each instance gets a GPU of its own" >&2; exit 2; }
out="$(dirname "$0")/docker-compose.gpus.yml"

gpu_block() { # $1 = GPU index
  cat <<YAML
    environment:
      RSIDIFF_DEVICE: gpu
    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              device_ids: ["$1"]
              capabilities: [gpu]
YAML
}

instances() { # $1 = service, $2 = GPU list
  first=1
  for gpu in $(echo "$2" | tr ',' ' '); do
    if [ "$first" = 1 ]; then
      echo "  $1:"
      first=0
    else
      cat <<YAML
  $1-gpu$gpu:
    extends: { file: services.yml, service: $1 }
    depends_on:
      kafka: { condition: service_healthy }
      minio-init: { condition: service_completed_successfully }
      topics: { condition: service_completed_successfully }
YAML
    fi
    gpu_block "$gpu"
  done
}

{
  echo "# Written by compose/gpus.sh --generators '$generators' --trainers '$trainers'; write it again rather than edit it."
  echo 'version: "3.8"'
  echo "services:"
  [ -z "$generators" ] || instances generator-service "$generators"
  [ -z "$trainers" ] || instances trainer-service "$trainers"
} > "$out"
echo "wrote $out"
