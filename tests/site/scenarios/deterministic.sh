# The same input gives byte-identical output, whatever the thread count.
. "$(dirname "$0")/lib.sh"
copy_fixture basic
"$BIN" build -C "$work/basic" -o "$work/one" -j 1 || die "build 1 failed"
"$BIN" build -C "$work/basic" -o "$work/two" -j 4 || die "build 2 failed"
diff -r "$work/one" "$work/two" || die "outputs differ"
