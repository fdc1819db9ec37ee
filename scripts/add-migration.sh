#!/usr/bin/env bash
# Adds a migration NAME to both providers for the catalog or the tenant database.
#   scripts/add-migration.sh tenant AddProjects
#   scripts/add-migration.sh catalog AddSomething
set -euo pipefail
cd "$(dirname "$0")/.."
which_db="$1"; name="$2"
case "$which_db" in
  catalog) sqlite=SqliteCatalogDbContext; sqlserver=SqlServerCatalogDbContext; folder=Catalog ;;
  tenant)  sqlite=SqliteTenantDbContext;  sqlserver=SqlServerTenantDbContext;  folder=Tenant ;;
  *) echo "first argument: catalog or tenant" >&2; exit 2 ;;
esac
dotnet tool restore >/dev/null
dotnet build Psa.Web -v q -nologo >/dev/null
dotnet ef migrations add "$name" --no-build --project Psa.Infrastructure --startup-project Psa.Web --context "$sqlite" --output-dir "Persistence/Migrations/Sqlite/$folder"
dotnet ef migrations add "$name" --no-build --project Psa.Infrastructure --startup-project Psa.Web --context "$sqlserver" --output-dir "Persistence/Migrations/SqlServer/$folder"
