#!/bin/sh
# Run once per start by the minio-init job (minio/mc image): creates the bucket and one MinIO user per service
# (and rsi-operator, for ./rsi from the host), each allowed to read and write the rsidiff bucket only (no admin
# rights, no other bucket), and rsi-dashboard, allowed to read it only. Idempotent: users that exist get their secret reset to the one in their secrets file,
# so a rotated secret takes effect on 'up'.
set -eu
root_password=$(cat /run/secrets/minio_root_password)
mc alias set rsidiff http://minio:9000 "${MINIO_ROOT_USER}" "${root_password}" >/dev/null
mc mb --ignore-existing rsidiff/rsidiff
mc admin policy create rsidiff rsidiff-service /policy/service-policy.json
mc admin policy create rsidiff rsidiff-readonly /policy/readonly-policy.json
for service in prompt generator scorer weighting trainer operator; do
  secret=$(cat "/run/secrets/blob_${service}")
  mc admin user add rsidiff "rsi-${service}" "${secret}" >/dev/null
  mc admin policy attach rsidiff rsidiff-service --user "rsi-${service}" >/dev/null 2>&1 || true
  echo "minio-init: user rsi-${service} can read and write bucket rsidiff"
done
mc admin user add rsidiff rsi-dashboard "$(cat /run/secrets/blob_dashboard)" >/dev/null
mc admin policy attach rsidiff rsidiff-readonly --user rsi-dashboard >/dev/null 2>&1 || true
echo "minio-init: user rsi-dashboard can read bucket rsidiff"
