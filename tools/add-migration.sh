#!/usr/bin/env bash
# Adds the same migration to every provider (SQLite, SQL Server, PostgreSQL) under one shared id,
# so the three histories stay in step (a test checks it). Usage: tools/add-migration.sh Name
set -euo pipefail
name=${1:?usage: tools/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
stamp=""
for provider in Sqlite SqlServer Postgres; do
  project=src/CareOps.Migrations.$provider
  # dotnet ef builds without restoring: on a fresh checkout it fails with NETSDK1004 (no project.assets.json).
  dotnet restore "$project" --nologo -v q >/dev/null
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations >/dev/null
  file=$(ls "$project"/Migrations/*_"$name".cs | grep -v Designer | tail -n 1)
  id=$(basename "$file" .cs); id=${id%%_*}
  if [ -z "$stamp" ]; then
    stamp=$id
  elif [ "$id" != "$stamp" ]; then
    # Rename files and the [Migration] attribute to the first provider's id.
    for f in "$project"/Migrations/"${id}_${name}".cs "$project"/Migrations/"${id}_${name}".Designer.cs; do
      sed -i "s/\"${id}_${name}\"/\"${stamp}_${name}\"/" "$f"
      mv "$f" "${f/$id/$stamp}"
    done
  fi
  echo "$provider: ${stamp}_${name}"
done
