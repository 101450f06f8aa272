#!/bin/bash
# The health check's command: Kafka's own BrokerApiVersionsCommand, as apache/kafka's bin/ script runs it.
exec java -Xmx128m -cp "/opt/kafka/libs/*" -Dlogback.configurationFile=/opt/kafka/config/logback.xml \
  kafka.admin.BrokerApiVersionsCommand "$@"
