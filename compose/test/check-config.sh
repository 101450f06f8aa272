#!/bin/sh
# Checks the compose files without a container engine (docker-compose parses and resolves them): the base stack,
# the base plus a GPU override from gpus.sh (one GPU per instance), and gpus.sh refusing bad lists.
set -eu
cd "$(dirname "$0")/.."
base=$(docker-compose -f docker-compose.yml config)
echo "check-config: docker-compose.yml is valid"
# Each of the five services runs with one malloc arena, as run control starts them (README, Performance).
arenas=$(echo "$base" | grep -c "MALLOC_ARENA_MAX: '1'" || true)
[ "$arenas" = 5 ] || { echo "check-config: $arenas of the five services run with MALLOC_ARENA_MAX=1" >&2; exit 1; }
echo "check-config: the five services run with one malloc arena"
./gpus.sh --generators 0,1 --trainers 2 >/dev/null
trap 'rm -f docker-compose.gpus.yml' EXIT
resolved=$(docker-compose -f docker-compose.yml -f docker-compose.gpus.yml config)
for service in generator-service generator-service-gpu1 trainer-service; do
  echo "$resolved" | grep -q "^  $service:$" || { echo "check-config: $service missing from the GPU override" >&2; exit 1; }
done
ids=$(echo "$resolved" | grep -A1 'device_ids:' | grep -v 'device_ids:' | grep -o '[0-9][0-9]*' | sort | tr '\n' ' ')
[ "$ids" = "0 1 2 " ] || { echo "check-config: expected GPUs 0 1 2 once each, got '$ids'" >&2; exit 1; }
echo "check-config: gpus.sh gives generator-service, generator-service-gpu1 and trainer-service one GPU each"
if ./gpus.sh --generators 0,1 --trainers 1 >/dev/null 2>&1; then
  echo "check-config: gpus.sh accepted GPU 1 twice" >&2; exit 1
fi
if ./gpus.sh --generators 0,x >/dev/null 2>&1; then
  echo "check-config: gpus.sh accepted 'x' as a GPU" >&2; exit 1
fi
echo "check-config: gpus.sh refuses a GPU given twice and a non-number"
