#!/usr/bin/env bash
# Runs the whole suite (./test.sh) with the machine clock moved to dates that break date-dependent code:
# a month end, the year end in China time (17:30 UTC on 31 December is already 1 January in Zhoushan),
# and a leap day. Uses Debian's libfaketime, which .NET honours. Usage: tools/test-on-dates.sh [DATE ...]
# with DATE as faketime accepts it (e.g. '2027-03-31 23:50:00'); the defaults below are used without arguments.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null) || true
  fi
  command -v faketime >/dev/null || { echo "faketime is missing: apt-get install -y faketime"; exit 1; }
fi
dates=("$@")
[ ${#dates[@]} -gt 0 ] || dates=("2027-01-31 15:55:00" "2026-12-31 17:30:00" "2028-02-29 08:00:00")
status=0
for date in "${dates[@]}"; do
  echo "== ./test.sh with the clock at $date UTC"
  # TZ=UTC so the date above is read as UTC whatever the machine's zone; '@' starts the clock there and lets it run.
  line=$(TZ=UTC faketime -f "@$date" ./test.sh 2>&1 | tee "/tmp/careops-test-$(echo "$date" | tr ' :' '__').log" | tail -n 1)
  echo "   $line"
  case "$line" in *" 0 failed"*) ;; *) status=1 ;; esac
done
exit $status
