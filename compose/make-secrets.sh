#!/bin/sh
# Writes the stack's secrets under compose/secrets/ (mode 0600), one random value per file (40 hex digits: MinIO
# takes secret keys of 8 to 40 characters), leaving existing files alone: the MinIO root password, each service's
# object-store secret and the operator's (./rsi from the host). Run it once before the first 'up'.
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
for name in minio_root_password blob_prompt blob_generator blob_scorer blob_weighting blob_trainer blob_operator; do
  file="$dir/$name"
  if [ ! -s "$file" ]; then
    (umask 077; head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file")
    echo "wrote $file"
  fi
done
