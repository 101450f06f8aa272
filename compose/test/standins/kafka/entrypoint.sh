#!/bin/bash
# Starts Kafka the way apache/kafka's image does: every KAFKA_* variable (but the JVM ones) becomes a
# server.properties line (KAFKA_LOG_DIRS -> log.dirs; '__' -> '_', '___' -> '-'), the storage is formatted once
# with CLUSTER_ID, then kafka.Kafka runs in the foreground.
set -euo pipefail
props=/opt/kafka/config/server.properties
: > "$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_LOG4J_OPTS|KAFKA_GC_LOG_OPTS|KAFKA_JMX_OPTS) continue ;;
    KAFKA_*) key="${name#KAFKA_}"
             key="$(echo "$key" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')"
             echo "$key=$value" >> "$props" ;;
  esac
done < <(env)
cp=(-cp "/opt/kafka/libs/*" -Dlogback.configurationFile=/opt/kafka/config/logback.xml)
java "${cp[@]}" kafka.tools.StorageTool format --config "$props" \
  --cluster-id "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" --ignore-formatted
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx1g} "${cp[@]}" kafka.Kafka "$props"
