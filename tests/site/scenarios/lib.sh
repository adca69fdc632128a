# Shared by the scenario scripts: a scratch copy of a fixture handbook.
# Usage: . "$(dirname "$0")/lib.sh"; then $work is an empty folder, and
# copy_fixture NAME copies tests/site/NAME into $work/NAME.
set -eu
work=$1
mkdir -p "$work"
fixtures=$(cd "$(dirname "$0")/.." && pwd)

copy_fixture() {
	cp -R "$fixtures/$1" "$work/$1"
}

die() {
	echo "$*" >&2
	exit 1
}

# Runs `$BIN build ARGS...` as a hostile build is run: under a 1 GiB
# address-space limit and a 60 s timeout, stderr to $work/err.  The limit
# is left out under AddressSanitizer, whose shadow memory cannot live
# under it.  Sets $status to the exit status (124: timed out).
build_capped() {
	limit="ulimit -v 1048576"
	if ldd "$BIN" 2>/dev/null | grep -q libasan; then
		limit=true
	fi
	status=0
	( $limit; timeout 60 "$BIN" build "$@" ) \
		>"$work/out" 2>"$work/err" || status=$?
}

# Asserts the last build_capped ended with exit status $1 and exactly the
# messages $2 (lines separated by newlines).
expect_failure() {
	[ "$status" -eq "$1" ] ||
		die "exit status $status, expected $1: $(head -c 500 "$work/err")"
	[ "$(cat "$work/err")" = "$2" ] ||
		die "unexpected messages: $(head -c 1000 "$work/err")"
}
