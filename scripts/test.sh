#!/usr/bin/env bash
# Runs every test of Psa on a machine that has only the .NET SDK: installs what the tests need,
# builds, runs each test project, and ends with one line of totals: "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" "$root/artifacts/server-logs" && mkdir -p "$results" "$root/artifacts/screenshots"

say() { printf '\n== %s\n' "$*"; }

# 1. Chromium for the browser tests (Playwright cannot download its own browser here).
if [ ! -x /usr/bin/chromium ] && [ -z "${PSA_CHROMIUM:-}" ]; then
  say "Installing Chromium (apt)"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null \
    || { echo "could not install chromium"; echo "0 passed, 1 failed"; exit 1; }
fi

# 1b. xmllint and Saxon-HE to check our UBL against the official UBL 2.1 XSD and EN 16931 rules
#     (Psa.Tests EInvoiceValidationTests; the rule files come from ../shared/einvoice or $PSA_EINVOICE_RULES,
#     and may not be committed here: without them those three tests are skipped and nothing is installed).
rules="${PSA_EINVOICE_RULES:-$root/../shared/einvoice}"
if [ -d "$rules" ] && { [ ! -x /usr/bin/xmllint ] || [ ! -f /usr/share/java/Saxon-HE.jar ]; }; then
  say "Installing xmllint and Saxon-HE (apt)"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libxml2-utils libsaxonhe-java >/dev/null; } \
    || echo "could not install xmllint/Saxon-HE: the e-invoice validation tests will be skipped"
fi

# 2. Node packages for test helpers (the OpenID provider), from committed lock files.
for dir in tests/*/; do
  if [ -f "$dir/package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in $dir"; echo "0 passed, 1 failed"; exit 1; }
  fi
done

# 3. Restore exactly what the committed lock files say (a change on the package source cannot slip in), then build once.
say "Restoring (locked)"
if ! dotnet restore Psa.sln --locked-mode -nologo -v q; then
  echo "locked restore failed: a packages.lock.json is out of date or a locked package is no longer served"; echo "0 passed, 1 failed"; exit 1
fi
say "Building"
if ! dotnet build Psa.sln --no-restore -nologo -v q -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

# 3b. The integration tests' second provider, PostgreSQL: a private cluster is installed (apt when missing),
#     started in a temp folder on a free port and always stopped. PSA_TEST_POSTGRES_PASS=0 skips it.
postgres_pass="${PSA_TEST_POSTGRES_PASS:-1}"
apt_install() {
  local sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}
started=()
stop_started() {
  for entry in "${started[@]}"; do
    scripts/${entry%% *}.sh stop "${entry#* }"
  done
}
trap stop_started EXIT
if [ "$postgres_pass" = 1 ]; then
  if ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
    say "Installing PostgreSQL (apt)"
    apt_install postgresql || { echo "could not install postgresql"; echo "0 passed, 1 failed"; exit 1; }
  fi
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/psa-pg.XXXXXX")
  started+=("postgres-cluster $pg_dir")
  say "Starting PostgreSQL"
  if ! pg_server=$(scripts/postgres-cluster.sh start "$pg_dir"); then
    echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1
  fi
fi

# 4. Run each test project in turn (two cores: one project at a time keeps timings honest), then the
#    integration tests of tenancy, billing runs, projects, time and the portal again on PostgreSQL
#    (PsaAppFactory reads PSA_TEST_POSTGRES; the same test classes, the second provider).
status=0
for project in Psa.Tests Psa.E2E; do
  say "Testing $project"
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$project.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" || status=1
done
if [ "$postgres_pass" = 1 ]; then
started_at=$SECONDS
postgres_classes="ProvisioningTests TenantResolutionTests BillingRunTests BillingApiTests BillingScheduleTests SchedulerTests ProjectsApiTests PhaseEditingTests TimeIntegrationTests TimesheetReminderJobTests TimeApiTests PortalFeatureTests PortalAccountTests WorkspaceSettingsTests StaffIdentityTests"
postgres_filter=$(printf 'FullyQualifiedName~.%s.|' $postgres_classes); postgres_filter=${postgres_filter%|}
say "Testing Psa.Tests on PostgreSQL ($postgres_classes)"
PSA_TEST_POSTGRES="$pg_server" dotnet test Psa.Tests --no-build -nologo --filter "$postgres_filter" \
  --logger "trx;LogFileName=Psa.Tests.Postgres.trx" --results-directory "$results" --logger "console;verbosity=minimal" || status=1
echo "PostgreSQL pass: $((SECONDS - started_at)) s"
fi

# 5. Totals over all projects, from the TRX files.
passed=0; failed=0
projects="Psa.Tests Psa.E2E"; [ "$postgres_pass" = 1 ] && projects="$projects Psa.Tests.Postgres"
for project in $projects; do
  trx="$results/$project.trx"
  if [ ! -f "$trx" ]; then
    echo "$project produced no results"; failed=$((failed + 1)); status=1; continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  e=$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")
  echo "$project: $p passed, $f failed"
  passed=$((passed + p)); failed=$((failed + f + e))
done
[ "$failed" -eq 0 ] || status=1
# When something failed, show what the browser-tested servers logged as errors (full logs stay in artifacts/server-logs).
if [ "$status" -ne 0 ] && compgen -G "$root/artifacts/server-logs/*.log" >/dev/null; then
  say "Errors logged by Psa.Web during the browser tests"
  grep -h -A12 -E '^(fail|crit):' "$root"/artifacts/server-logs/*.log | head -150
fi
[ "$passed" -gt 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
