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
