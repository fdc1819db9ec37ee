#!/usr/bin/env bash
# Until the first production release there is one migration per database, "Initial", regenerated
# whenever the model changes (no deployed database depends on history yet): docs/decisions/006.
#   scripts/reset-migrations.sh            both databases
#   scripts/reset-migrations.sh tenant     only the workspace database
set -euo pipefail
cd "$(dirname "$0")/.."
targets="${1:-catalog tenant}"
for which_db in $targets; do
  folder=$([ "$which_db" = catalog ] && echo Catalog || echo Tenant)
  rm -rf "Psa.Infrastructure/Persistence/Migrations/Sqlite/$folder" "Psa.Infrastructure/Persistence/Migrations/SqlServer/$folder"
done
for which_db in $targets; do
  scripts/add-migration.sh "$which_db" Initial
done
