#!/bin/sh
# Writes the stack's secrets under compose/secrets/, one random value per file (40 hex digits: MinIO takes secret
# keys of 8 to 40 characters), leaving existing values alone: the MinIO root password, each service's object-store
# secret and the operator's (./rsi from the host). Run it once before the first 'up'; running it again only resets
# the modes.
# Modes: compose (without swarm) bind-mounts a secret file as it is, so its mode is what the container sees. The
# services run as a non-root user (uid 10001), so their files are world-readable (0644) and the folder (0700) keeps
# other host users out; the root password (read by MinIO and minio-init, which run as root) and the operator's
# secret stay owner-only (0600).
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
for name in minio_root_password blob_prompt blob_generator blob_scorer blob_weighting blob_trainer blob_dashboard \
    blob_operator; do
  file="$dir/$name"
  if [ ! -s "$file" ]; then
    (umask 077; head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file")
    echo "wrote $file"
  fi
  case "$name" in
    minio_root_password|blob_operator) chmod 600 "$file" ;;
    *) chmod 644 "$file" ;;
  esac
done
