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
build_started=$SECONDS
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

# 3c. Two nodes (Psa.E2E/Nodes): two real Psa.Web processes on that PostgreSQL and a Redis of each cluster's own,
#     behind nginx (deploy/nginx.conf); the tests start Redis and nginx themselves, two clusters side by side.
#     Redis and nginx come from apt when missing. Needs the PostgreSQL pass; PSA_TEST_NODES=0 skips it.
nodes_pass="${PSA_TEST_NODES:-$postgres_pass}"
if [ "$nodes_pass" = 1 ] && [ "$postgres_pass" != 1 ]; then
  echo "The two-node tests need the PostgreSQL pass (PSA_TEST_POSTGRES_PASS=1): skipped"; nodes_pass=0
fi
if [ "$nodes_pass" = 1 ]; then
  missing=""
  command -v redis-server >/dev/null || missing="$missing redis-server"
  [ -x /usr/sbin/nginx ] || [ -n "${PSA_NGINX:-}" ] || missing="$missing nginx"
  if [ -n "$missing" ]; then
    say "Installing$missing (apt)"
    # shellcheck disable=SC2086
    apt_install $missing || { echo "could not install$missing"; echo "0 passed, 1 failed"; exit 1; }
  fi
fi

# 4. Run each test project in turn (two cores: one project at a time keeps timings honest), then the
#    integration tests of tenancy, billing runs, projects, time and the portal again on PostgreSQL
#    (PsaAppFactory reads PSA_TEST_POSTGRES; the same test classes, the second provider).
status=0
timings=("Build: $((SECONDS - build_started)) s")
# Host starts per pass (a test host in Psa.Tests, a Psa.Web process in Psa.E2E), counted by the test support code.
hosts() { if [ -f "$results/$1.hosts" ]; then wc -l <"$results/$1.hosts" | tr -d ' '; else echo 0; fi; }
for project in Psa.Tests Psa.E2E; do
  say "Testing $project"
  filter=""; [ "$project" = Psa.E2E ] && filter="FullyQualifiedName!~Psa.E2E.Nodes."
  started_at=$SECONDS
  PSA_HOST_STARTS_FILE="$results/$project.hosts" dotnet test "$project" --no-build -nologo ${filter:+--filter "$filter"} --logger "trx;LogFileName=$project.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" || status=1
  timings+=("$project: $((SECONDS - started_at)) s, $(hosts "$project") host starts")
done
if [ "$postgres_pass" = 1 ]; then
started_at=$SECONDS
postgres_classes="ProvisioningTests TenantResolutionTests BillingRunTests BillingApiTests BillingScheduleTests SchedulerTests ProjectsApiTests PhaseEditingTests TimeIntegrationTests TimesheetReminderJobTests TimeApiTests PortalFeatureTests PortalAccountTests WorkspaceSettingsTests StaffIdentityTests"
postgres_filter=$(printf 'FullyQualifiedName~.%s.|' $postgres_classes); postgres_filter=${postgres_filter%|}
say "Testing Psa.Tests on PostgreSQL ($postgres_classes)"
PSA_HOST_STARTS_FILE="$results/Psa.Tests.Postgres.hosts" PSA_TEST_POSTGRES="$pg_server" dotnet test Psa.Tests --no-build -nologo --filter "$postgres_filter" \
  --logger "trx;LogFileName=Psa.Tests.Postgres.trx" --results-directory "$results" --logger "console;verbosity=minimal" || status=1
timings+=("Psa.Tests on PostgreSQL: $((SECONDS - started_at)) s, $(hosts Psa.Tests.Postgres) host starts")
fi
if [ "$nodes_pass" = 1 ]; then
  started_at=$SECONDS
  say "Testing two nodes behind nginx (Psa.E2E.Nodes)"
  PSA_HOST_STARTS_FILE="$results/Psa.E2E.Nodes.hosts" PSA_TEST_POSTGRES="$pg_server" dotnet test Psa.E2E --no-build -nologo --filter "FullyQualifiedName~Psa.E2E.Nodes." \
    --logger "trx;LogFileName=Psa.E2E.Nodes.trx" --results-directory "$results" --logger "console;verbosity=minimal" || status=1
  timings+=("Psa.E2E.Nodes: $((SECONDS - started_at)) s, $(hosts Psa.E2E.Nodes) host starts")
fi

# 5. Time and host starts per pass, then totals over all projects, from the TRX files.
say "Passes"
printf '%s\n' "${timings[@]}"
passed=0; failed=0
projects="Psa.Tests Psa.E2E"; [ "$postgres_pass" = 1 ] && projects="$projects Psa.Tests.Postgres"
[ "$nodes_pass" = 1 ] && projects="$projects Psa.E2E.Nodes"
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
# When something failed, show what the browser-tested servers logged as errors (full logs stay in artifacts/server-logs;
# the PostgreSQL-restart fault test logs refused connections on purpose), then - last, so a tail of the output shows
# them - the failed tests by name with the first lines of their messages, then the totals.
if [ "$status" -ne 0 ]; then
  if compgen -G "$root/artifacts/server-logs/*.log" >/dev/null; then
    say "Errors logged by Psa.Web during the browser tests (first 60 lines)"
    grep -h -A6 -E '^(fail|crit):' "$root"/artifacts/server-logs/*.log | head -60
  fi
  say "Failed tests"
  for project in $projects; do
    trx="$results/$project.trx"; [ -f "$trx" ] || continue
    python3 - "$trx" "$project" <<'PY' || grep -o 'testName="[^"]*" [^>]*outcome="Failed"' "$trx" | sed -E "s/testName=\"([^\"]*)\".*/$project: \1/"
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") != "Failed":
        continue
    message = r.find("t:Output/t:ErrorInfo/t:Message", ns)
    lines = (message.text or "").strip().splitlines()[:4] if message is not None else []
    print(f"{sys.argv[2]}: {r.get('testName')} ({r.get('duration')})")
    for line in lines:
        print("    " + line[:300])
PY
  done
fi
[ "$passed" -gt 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
