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

# Builds handbook $1 into $work/site as CI builds a stranger's pull
# request: within 60 s and, unless the binary carries AddressSanitizer
# (whose shadow memory needs more address space), under a 4 GiB cap.
# Sets $status; stderr is in $work/err.  Dies when the build did not end
# on its own (killed by timeout or a signal) or when anything outside
# $work/site changed: a build writes only its output folder.
hostile_build() {
	limit="ulimit -v 4194304"
	if ldd "$BIN" 2>/dev/null | grep -q libasan; then
		limit=true
	fi
	outside_state >"$work/.before"
	status=0
	( $limit; timeout 60 "$BIN" build -C "$1" -o "$work/site" ) \
		>"$work/out" 2>"$work/err" || status=$?
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
