#!/usr/bin/env bash
# Until the first production release there is one migration per database and provider, "Initial",
# regenerated whenever the model changes (no deployed database depends on history yet): docs/decisions/006.
#   scripts/reset-migrations.sh            both databases
#   scripts/reset-migrations.sh tenant     only the workspace database
# Providers: SQLite, SQL Server and PostgreSQL (PSA_PROVIDERS="Postgres" limits it, as in add-migration.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
targets="${1:-catalog tenant}"
for which_db in $targets; do
  folder=$([ "$which_db" = catalog ] && echo Catalog || echo Tenant)
  for provider in ${PSA_PROVIDERS:-Sqlite SqlServer Postgres}; do
    rm -rf "Psa.Infrastructure/Persistence/Migrations/$provider/$folder"
  done
done
for which_db in $targets; do
  scripts/add-migration.sh "$which_db" Initial
done
