#!/usr/bin/env bash
# Adds a migration NAME to every provider (SQLite, SQL Server, PostgreSQL) for the catalog or the tenant database.
#   scripts/add-migration.sh tenant AddProjects
#   scripts/add-migration.sh catalog AddSomething
#   PSA_PROVIDERS="Postgres" scripts/add-migration.sh tenant Initial   only the providers named
set -euo pipefail
cd "$(dirname "$0")/.."
which_db="$1"; name="$2"
case "$which_db" in
  catalog) context=CatalogDbContext; folder=Catalog ;;
  tenant)  context=TenantDbContext;  folder=Tenant ;;
  *) echo "first argument: catalog or tenant" >&2; exit 2 ;;
esac
dotnet tool restore >/dev/null
dotnet build Psa.Web -v q -nologo >/dev/null
for provider in ${PSA_PROVIDERS:-Sqlite SqlServer Postgres}; do
  dotnet ef migrations add "$name" --no-build --project Psa.Infrastructure --startup-project Psa.Web \
    --context "$provider$context" --output-dir "Persistence/Migrations/$provider/$folder"
done
