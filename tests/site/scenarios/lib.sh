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

# Runs `$BIN build ARGS...` as a hostile build is run: under an
# address-space limit (CAP_KB, 1 GiB unless set) and a 60 s timeout,
# stderr to $work/err.  The limit is left out under AddressSanitizer,
# whose shadow memory cannot live under it.  Sets $status to the exit
# status (124: timed out).
build_capped() {
	limit="ulimit -v ${CAP_KB:-1048576}"
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

# Builds handbook $1 into $work/site as CI builds a stranger's pull
# request: build_capped's way, under 4 GiB.  Sets $status; stderr is in
# $work/err.  Dies when the build did not end on its own (killed by
# timeout or a signal) or when anything outside $work/site changed: a
# build writes only its output folder.
hostile_build() {
	outside_state >"$work/.before"
	CAP_KB=4194304
	build_capped -C "$1" -o "$work/site"
	unset CAP_KB
	[ "$status" -lt 124 ] ||
		die "$1: the build did not end on its own (status $status)"
	outside_state >"$work/.after"
	cmp -s "$work/.before" "$work/.after" ||
		die "$1: the build changed files outside its output folder: $(diff "$work/.before" "$work/.after")"
}

# Every path under $work but the site and the build's captured output,
# with its type and contents' sum.
outside_state() {
	(cd "$work" && find . \( -path ./site -o -path './.*' -o -path ./err \
		-o -path ./out \) -prune -o -print | LC_ALL=C sort | while read -r f; do
		if [ -f "$f" ] && [ ! -L "$f" ]; then
			echo "$f $(cksum <"$f")"
		else
			echo "$f $(stat -c %F "$f")"
		fi
	done)
}
