#!/usr/bin/env bash
# The compose boot test (issue 14): boots compose/docker-compose.yml on a container engine and does what an operator
# does, from the host:
#   1. builds the seven images and brings the stack up, every service healthy (the boot time is printed);
#   2. scales generator-service to 2 and runs a tiny loop from the host (./rsi run against the published Kafka
#      listener and S3 API); both generators must have generated images of that run, with no dead letters, and
#      ./rsi dlt list must work from the host, and the dashboard must list the run and serve its report there;
#   3. 'down' and 'up' again (volumes kept): the first run must still be in Kafka (./rsi run --follow re-reads it),
#      and a second run started from its stored checkpoint (baseCheckpointId, startRound=2) must finish, trained
#      on top of it; that run has the review gate (review=true): one sample is excluded on the dashboard's review
#      page, and the round must train on the others.
# Exit 0: passed; 77: no usable container engine (nothing was tested: the reason is printed); anything else: failed.
# Uses podman through its Docker-compatible socket (rootful; ../../../shared/TECH-NOTES.md): where no registry is
# reachable, standins/build.sh builds the Kafka, MinIO and JRE images first. Needs the jars (./mvnw -B package).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$(pwd)"
log_dir="${BOOT_TEST_LOGS:-$repo/target/compose-boot-test}"
mkdir -p "$log_dir"
skip() { echo "compose boot test: SKIPPED: $*" >&2; exit 77; }
say() { echo "compose boot test: $*"; }
since() { echo $(( $(date +%s) - $1 )); }

# --- the engine: podman behind a Docker-compatible socket ----------------------------------------------------------
command -v podman >/dev/null || skip "podman is not installed"
command -v docker-compose >/dev/null || skip "docker-compose is not installed"
if [ -z "${CONTAINERS_CONF:-}" ]; then
  export CONTAINERS_CONF="$log_dir/containers.conf"
  printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n[engine]\nruntime = "runc"\n' \
    > "$CONTAINERS_CONF"
fi
socket="$log_dir/podman.sock"
rm -f "$socket"
podman system service --time=0 "unix://$socket" >"$log_dir/podman-service.log" 2>&1 &
podman_pid=$!
export DOCKER_HOST="unix://$socket"
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.2; done
[ -S "$socket" ] || skip "podman system service did not open $socket ($(tail -3 "$log_dir/podman-service.log"))"

project=rsidiff-boottest
export RSIDIFF_VALIDATION_PROMPTS=8 # a small validation set (trainer and dashboard), as the override's evaluation
dc() { docker-compose --no-ansi -p "$project" -f compose/docker-compose.yml -f compose/test/docker-compose.test.yml "$@"; }
poller_pid=
cleanup() {
  status=$?
  set +e
  [ -n "$poller_pid" ] && kill "$poller_pid" 2>/dev/null
  if [ "${KEEP_STACK:-false}" != true ]; then
    dc logs --no-color > "$log_dir/stack.log" 2>&1
    dc down -v --remove-orphans > "$log_dir/down.log" 2>&1
  fi
  kill "$podman_pid" 2>/dev/null
  exit $status
}
trap cleanup EXIT

# --- images ---------------------------------------------------------------------------------------------------------
t=$(date +%s)
compose/test/standins/build.sh > "$log_dir/standins.log" 2>&1 \
  || skip "the stand-in images could not be built ($(tail -3 "$log_dir/standins.log"))"
podman run --rm docker.io/library/eclipse-temurin:17.0.15_6-jre java -version > "$log_dir/engine-check.log" 2>&1 \
  || skip "podman cannot run a container here ($(tail -3 "$log_dir/engine-check.log"))"
say "stand-in images ready in $(since "$t") s"
compose/make-secrets.sh > /dev/null
t=$(date +%s)
dc build > "$log_dir/build.log" 2>&1 || { tail -30 "$log_dir/build.log" >&2; exit 1; }
say "the project's seven images built in $(since "$t") s"

# Podman runs no health check by itself (no systemd here): run every container's check every 3 s, as Docker would.
( while true; do
    for id in $(podman ps -q --filter "label=com.docker.compose.project=$project"); do
      podman healthcheck run "$id" >/dev/null 2>&1 || true
    done
    sleep 3
  done ) &
poller_pid=$!

services=(prompt-service generator-service scorer-service weighting-service trainer-service)
# Counts the service containers whose health check passes now (run directly: podman can keep a container's last
# status across a restart, so its 'healthy' flag alone is not trusted).
healthy_now() {
  local n=0 service id
  for service in "${services[@]}"; do
    for id in $(podman ps -q --filter "label=com.docker.compose.project=$project" \
        --filter "label=com.docker.compose.service=$service"); do
      podman healthcheck run "$id" >/dev/null 2>&1 && n=$((n + 1))
    done
  done
  echo "$n"
}
await_healthy() { # seconds, expected container count
  local deadline=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(healthy_now)" -ge "$2" ] && return 0
    sleep 2
  done
  podman ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}} {{.Status}}' >&2
  return 1
}

# --- 1. boot -----------------------------------------------------------------------------------------------------------
t=$(date +%s)
dc up -d > "$log_dir/up.log" 2>&1 || { cat "$log_dir/up.log" >&2; exit 1; }
await_healthy 300 5 || { say "FAILED: the five services were not healthy within 300 s"; exit 1; }
boot_s=$(since "$t")
say "stack up, five services healthy, in $boot_s s"

# --- 2. two generators and a tiny run from the host -----------------------------------------------------------------
dc up -d --no-recreate --scale generator-service=2 > "$log_dir/scale.log" 2>&1 || { cat "$log_dir/scale.log" >&2; exit 1; }
await_healthy 300 6 || { say "FAILED: the second generator was not healthy within 300 s"; exit 1; }
# Healthy means Kafka and S3 are reachable, not that the consumer group has settled: wait until each generator's
# listener has been given partitions of the prompt topic (micronaut-kafka logs every assignment), or the first one
# would take the whole round before the second joins.
assigned_generators() {
  local n=0 c
  for c in $(podman ps --filter "label=com.docker.compose.project=$project" \
      --filter "label=com.docker.compose.service=generator-service" --format '{{.Names}}'); do
    podman logs "$c" 2>&1 | grep 'Consumer \[generator-service\] assignments changed' | tail -1 \
      | grep -q -- '-> \[rsidiff.prompts.filtered' && n=$((n + 1))
  done
  echo "$n"
}
deadline=$(( $(date +%s) + 180 ))
until [ "$(assigned_generators)" -ge 2 ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { say "FAILED: the two generators were not both given prompt partitions within 180 s"; exit 1; }
  sleep 2
done
say "generator-service scaled to 2, both given prompt partitions"

export KAFKA_BOOTSTRAP_SERVERS=localhost:${RSIDIFF_KAFKA_EXTERNAL_PORT:-29092}
export RSIDIFF_BLOB_ENDPOINT=http://localhost:${RSIDIFF_MINIO_API_PORT:-9000} RSIDIFF_BLOB_BUCKET=rsidiff
export RSIDIFF_BLOB_ACCESS_KEY=rsi-operator RSIDIFF_BLOB_SECRET_KEY_FILE=compose/secrets/blob_operator
tiny=(--progress LINES --timeout PT20M --set rounds=1 --set promptsPerRound=12 --set imagesPerPrompt=2 --set topK=6
      --set epochs=1 --set batchSize=8 --set samplingSteps=10)
t=$(date +%s)
./rsi run "${tiny[@]}" > "$log_dir/run1.log" 2>&1 || { tail -40 "$log_dir/run1.log" >&2; say "FAILED: the tiny run"; exit 1; }
run1_s=$(since "$t")
run1=$(sed -n 's/^Run \([^ ]*\) finished in.*/\1/p' "$log_dir/run1.log")
[ -n "$run1" ] || { tail -40 "$log_dir/run1.log" >&2; say "FAILED: no run id in ./rsi run's output"; exit 1; }
grep -q '^Dead letters: none' "$log_dir/run1.log" || { grep -i 'dead' "$log_dir/run1.log" >&2; say "FAILED: dead letters"; exit 1; }
checkpoint1=$(sed -n 's/^  round 1: \(ck-[0-9a-f]*\) .*/\1/p' "$log_dir/run1.log")
[ -n "$checkpoint1" ] || { say "FAILED: run $run1 published no round-1 checkpoint"; exit 1; }
say "tiny run $run1 finished in $run1_s s from the host, checkpoint $checkpoint1, no dead letters"
for c in $(podman ps --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=generator-service" --format '{{.Names}}'); do
  n=$(podman logs "$c" 2>&1 | grep "$run1" | grep -c 'images for' || true)
  say "  $c generated $n batches of run $run1"
  [ "$n" -gt 0 ] || { say "FAILED: $c got no work"; exit 1; }
done

dashboard=http://127.0.0.1:${RSIDIFF_DASHBOARD_PORT:-8090}
deadline=$(( $(date +%s) + 120 ))
until curl -fsS "$dashboard/runs-table" 2>/dev/null | grep -q "href=\"/runs/$run1/\""; do
  [ "$(date +%s)" -lt "$deadline" ] || { say "FAILED: the dashboard at $dashboard does not list run $run1"; exit 1; }
  sleep 2
done
code=$(curl -sS -o "$log_dir/dashboard-run1.html" -w '%{http_code}' --max-time 120 "$dashboard/runs/$run1/")
[ "$code" = 200 ] && grep -q "<h1>Run $run1</h1>" "$log_dir/dashboard-run1.html" \
  || { say "FAILED: the dashboard's page of run $run1 answered $code"; exit 1; }
grep -o 'src="[^"]*\.png"' "$log_dir/dashboard-run1.html" | sed 's/src="\(.*\)"/\1/' | sort -u | while read -r png; do
  curl -fsS -o /dev/null "$dashboard/runs/$run1/$png" || { say "FAILED: $png of run $run1's page"; exit 1; }
done
say "the dashboard lists run $run1 and serves its report with every chart and grid, from the host"
./rsi dlt list rsidiff.images.generated > "$log_dir/dlt.log" 2>&1 \
  || { cat "$log_dir/dlt.log" >&2; say "FAILED: ./rsi dlt list from the host"; exit 1; }
say "./rsi dlt list works from the host"

# --- 3. down, up, and a run from the stored checkpoint -----------------------------------------------------------------
dc down > "$log_dir/down1.log" 2>&1 || { cat "$log_dir/down1.log" >&2; exit 1; }
t=$(date +%s)
dc up -d > "$log_dir/up2.log" 2>&1 || { cat "$log_dir/up2.log" >&2; exit 1; }
await_healthy 300 5 || { say "FAILED: the services were not healthy within 300 s after down/up"; exit 1; }
say "down, then up again, healthy in $(since "$t") s"
./rsi run --progress LINES --timeout PT5M --follow "$run1" > "$log_dir/follow1.log" 2>&1 \
  || { tail -20 "$log_dir/follow1.log" >&2; say "FAILED: run $run1 cannot be followed after down/up"; exit 1; }
grep -q "^  round 1: $checkpoint1 " "$log_dir/follow1.log" \
  || { tail -20 "$log_dir/follow1.log" >&2; say "FAILED: run $run1's events did not survive down/up"; exit 1; }
say "run $run1's events and checkpoint survived down/up"
# The second run goes through the review gate: the dashboard in its container publishes the approval.
t=$(date +%s)
./rsi run "${tiny[@]}" --set baseCheckpointId="$checkpoint1" --set startRound=2 --set review=true \
  > "$log_dir/run2.log" 2>&1 &
run2_pid=$!
deadline=$(( $(date +%s) + 600 ))
run2=""
until [ -n "$run2" ] && curl -fsS "$dashboard/runs-table" 2>/dev/null | grep -q "href=\"/review/$run2/2\""; do
  [ "$(date +%s)" -lt "$deadline" ] && kill -0 "$run2_pid" 2>/dev/null \
    || { tail -40 "$log_dir/run2.log" >&2; say "FAILED: the reviewed run's round 2 was never offered for review"; exit 1; }
  run2=$(sed -n 's/^Run \([^ ]*\) started:.*/\1/p' "$log_dir/run2.log")
  sleep 2
done
curl -fsS -o "$log_dir/review.html" "$dashboard/review/$run2/2" || { say "FAILED: the review page of $run2"; exit 1; }
selected=$(grep -o 'name="exclude" value="[^"]*"' "$log_dir/review.html" | wc -l)
excluded=$(grep -o 'name="exclude" value="[^"]*"' "$log_dir/review.html" | head -1 | sed 's/.*value="\([^"]*\)"/\1/')
[ "$selected" -gt 1 ] && [ -n "$excluded" ] || { say "FAILED: the review page offers $selected samples"; exit 1; }
code=$(curl -sS -o /dev/null -w '%{http_code}' --data-urlencode "reviewer=boot-test" --data-urlencode "exclude=$excluded" \
  "$dashboard/review/$run2/2")
[ "$code" = 303 ] || { say "FAILED: the approval was answered $code"; exit 1; }
wait "$run2_pid" || { tail -40 "$log_dir/run2.log" >&2; say "FAILED: the run from the stored checkpoint"; exit 1; }
grep -q '^Dead letters: none' "$log_dir/run2.log" || { say "FAILED: dead letters in run $run2"; exit 1; }
grep -qE "^  round 2: ck-[0-9a-f]+ \(parent $checkpoint1, $(( selected - 1 )) samples," "$log_dir/run2.log" \
  || { tail -20 "$log_dir/run2.log" >&2; say "FAILED: run $run2 did not train round 2 on $checkpoint1 without the excluded sample"; exit 1; }
curl -fsS "$dashboard/review/$run2/2" | grep -q "excluded by boot-test" \
  || { say "FAILED: the review page of $run2 does not say who excluded $excluded"; exit 1; }
say "run $run2 started from $run1's checkpoint $checkpoint1 after down/up, its selection approved on the dashboard"
say "  without 1 of its $selected samples (trained on $(( selected - 1 ))), and finished in $(since "$t") s"
say "PASSED (boot $boot_s s, tiny run $run1_s s)"
