#!/bin/sh
# Writes the stack's secrets under compose/secrets/ (mode 0600), one random value per file, leaving existing
# files alone: the MinIO root password and each service's object-store secret. Run it once before the first 'up'.
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
for name in minio_root_password blob_prompt blob_generator blob_scorer blob_weighting blob_trainer; do
  file="$dir/$name"
  if [ ! -s "$file" ]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file")
    echo "wrote $file"
  fi
done
