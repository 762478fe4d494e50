#!/usr/bin/env bash
# Runs every ServiceHall test on this machine: installs PostgreSQL, RabbitMQ and Redis from Debian's packages when
# missing (the tests start their own instances on free loopback ports with throw-away data folders), builds the
# solution with warnings as errors, then runs the unit, integration and end-to-end tests one project at a time.
#
#   deploy/scripts/test.sh            everything
#   deploy/scripts/test.sh unit       unit tests only (no servers needed)
set -euo pipefail
cd "$(dirname "$0")/../.."

scope=${1:-all}
projects=(tests/ServiceHall.Architecture.Tests tests/ServiceHall.Calendar.Tests tests/ServiceHall.Attendance.Tests tests/ServiceHall.Cases.Tests tests/ServiceHall.Complaints.Tests tests/ServiceHall.Discipline.Tests)
if [[ $scope == all ]]; then
  deploy/scripts/infra.sh install
  projects+=(tests/ServiceHall.IntegrationTests tests/ServiceHall.EndToEndTests tests/ServiceHall.FaultTests)
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build ServiceHall.slnx -warnaserror -nologo -v quiet

passed=0 failed=0 status=0 durations=()
for project in "${projects[@]}"; do
  echo "== $project"
  started=$SECONDS
  log=$(mktemp)
  if ! SERVICEHALL_REPLAY_REQUIRED=1 dotnet test "$project" --no-build --nologo 2>&1 | tee "$log"; then status=1; fi
  missing="${TMPDIR:-/tmp}/servicehall-replay-missing.txt"
  if [[ -s $missing ]]; then cat "$missing"; rm -f "$missing"; status=1; fi
  # VSTest's summary: "Passed!  - Failed:     0, Passed:    12, Skipped: ..." (or "Failed!  - ...").
  summary=$(grep -E '^(Passed|Failed)! +- Failed: ' "$log" | tail -n 1 || true)
  if [[ -z $summary ]]; then echo "no test summary from $project"; status=1; fi
  p=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary"); f=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$summary")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  durations+=("$(printf '%5d s  %4s passed %3s failed  %s' $((SECONDS - started)) "${p:-0}" "${f:-0}" "${project#tests/}")")
  rm -f "$log"
done

if [[ $scope == all ]]; then
  # The benchmark's short run (about 30 s of measurement; figures printed, no thresholds): it must keep working.
  echo "== tests/ServiceHall.Benchmarks --quick"
  started=$SECONDS
  if dotnet run --no-build --project tests/ServiceHall.Benchmarks -- --quick; then bench=ok; else bench=failed; status=1; fi
  durations+=("$(printf '%5d s  benchmark (--quick) %s' $((SECONDS - started)) "$bench")")
fi

echo "== time per project"
printf '%s\n' "${durations[@]}"
echo "$passed passed, $failed failed"
[[ $failed == 0 && $status == 0 ]]
