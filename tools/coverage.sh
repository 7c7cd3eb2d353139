#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# coverage.sh [BUILD_DIR] - line and branch coverage of src/ (`make
# coverage`; docs/coverage.md).  Builds BUILD_DIR (build/cov) with COV=1
# (gcc --coverage -O0), clears the counters, runs tests/run.sh on it
# without the browser tests (they exercise the web UI, not the C), then
# has gcovr print the figures per file and per directory and write the
# HTML report BUILD_DIR/coverage/index.html.  `report` as the second
# argument only makes the report from the counters already there.
#
# gcov writes a process's counters when it exits normally (exit or a
# return from main, which is how `scs serve` stops on SIGTERM); a process
# killed with SIGKILL (the crash campaign's servers) adds nothing.
#
# Branches: gcc counts every conditional jump it emits.  The two gcovr
# switches below leave out those on lines with no source code of their own
# (--exclude-unreachable-branches: a closing brace, compiler-generated
# code) and exception-handling edges (--exclude-throw-branches; none in C,
# but harmless).  The branches of an assert() or an inline function from a
# header stay counted on the line that uses them.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-build/cov}
cd "$top" || exit 1
rc=0
if [ "${2:-}" != report ]; then
	make --no-print-directory B="$b" COV=1 all unit || exit 1
	# Counters add up across runs: start from zero.
	find "$b" -name '*.gcda' -delete
	sh tests/run.sh "$b" nobrowser || rc=$?
	[ "$rc" = 0 ] || echo "coverage: some tests failed; the figures below count what ran" >&2
fi
mkdir -p "$b/coverage"
# Only src/ counts: the tests themselves (tests/) and the generated
# embedded files (BUILD_DIR/gen/) are left out.
gcovr --root "$top" --object-directory "$b" -j 2 \
	--filter 'src/' --exclude 'tests/' --exclude "$b/gen/" \
	--exclude-unreachable-branches --exclude-throw-branches \
	--json-summary-pretty --json-summary "$b/coverage/summary.json" \
	--html-details "$b/coverage/index.html" \
	--html-title "SCS coverage" --print-summary \
	>"$b/coverage/summary.txt" || exit 1
# Lines and branches per file, then per directory (gcovr 5.2's text
# report has one or the other per file, and nothing per directory).
python3 - "$b/coverage/summary.json" <<'EOF'
import json, sys
from collections import defaultdict

s = json.load(open(sys.argv[1]))
keys = ("line_covered", "line_total", "branch_covered", "branch_total")
d = defaultdict(lambda: [0, 0, 0, 0])
pct = lambda c, t: "%6.1f%%" % (100.0 * c / t) if t else "      -"


def row(name, v):
    lc, lt, bc, bt = v
    print("%-26s %6d/%-6d%s %6d/%-6d%s" % (name, lc, lt, pct(lc, lt), bc, bt,
                                          pct(bc, bt)))


print("%-26s %20s %20s" % ("file", "lines", "branches"))
for f in sorted(s["files"], key=lambda f: f["filename"]):
    v = [f[k] for k in keys]
    row(f["filename"], v)
    for i in range(4):
        d[f["filename"].rsplit("/", 1)[0] + "/"][i] += v[i]
print()
print("%-26s %20s %20s" % ("directory", "lines", "branches"))
for k in sorted(d):
    row(k, d[k])
EOF
cat "$b/coverage/summary.txt"
echo "coverage: $b/coverage/index.html"
exit "$rc"
