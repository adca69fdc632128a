# A FIFO where a file should be is refused without being opened for a
# blocking read: a page, a content file and a theme partial.  The build
# once waited forever in open().
. "$(dirname "$0")/lib.sh"
copy_fixture basic
hb=$work/basic
mkfifo "$hb/content/pipe.md" "$hb/content/guide/data.csv"
status=0
timeout 20 "$BIN" build -C "$hb" -o "$work/site" >"$work/out" 2>"$work/err" ||
	status=$?
[ "$status" -eq 1 ] || die "exit status $status, expected 1: $(cat "$work/err")"
grep -q '^content/pipe.md: error: cannot read: not a regular file' "$work/err" ||
	die "no error for the FIFO page: $(cat "$work/err")"
[ ! -e "$work/site" ] || die "a failed build wrote the site"
