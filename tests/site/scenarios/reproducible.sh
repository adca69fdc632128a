# Same input, byte-identical output: the real handbook built twice, from
# copies made in opposite file orders, at different paths, from different
# working folders, under different time zones and locales, with 1 and 4
# threads.  The incremental cache is left out of the comparison: it names
# the plugin folders it read, which depend on where the handbook is.
. "$(dirname "$0")/lib.sh"
repo=$(cd "$fixtures/../.." && pwd)

# copy_in_order FROM TO ORDER: files created in sorted or reverse order.
copy_in_order() {
	(cd "$1" && find handbook.yml content -type f | sort $3) | while read -r f; do
		mkdir -p "$2/$(dirname "$f")"
		cp "$1/$f" "$2/$f"
	done
}

copy_in_order "$repo" "$work/a" ""
copy_in_order "$repo" "$work/deeper/path/b" "-r"
(cd "$work/a" && TZ=UTC LANG=C LC_ALL=C "$BIN" build -j 1 -o "$work/site-a") ||
	die "build a failed"
(cd / && TZ=Pacific/Kiritimati LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	"$BIN" build -j 4 -C "$work/deeper/path/b" -o "$work/site-b") ||
	die "build b failed"
diff -r -x .prepbook-cache "$work/site-a" "$work/site-b" >&2 ||
	die "the two builds differ"
[ -f "$work/site-a/index.html" ] || die "no site was built"
