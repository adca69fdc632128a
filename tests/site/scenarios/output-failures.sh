# What goes wrong with the output folder is an I/O error (exit 3) that
# names the site path the author knows, never the hidden staging folder,
# and never a content error (exit 1): a page that could not be written
# once was both.  A staging folder a killed build left behind is removed
# by the next build, but only one that carries the marker and that no
# running build holds.
. "$(dirname "$0")/lib.sh"
copy_fixture basic
hb=$work/basic

# A page too big for the file size limit: writing it fails with EFBIG,
# as a full disk fails with ENOSPC.  dash counts ulimit -f in 512-byte
# blocks, so the limit is 512 KiB and the page about 2 MB.
awk 'BEGIN { print "---\ntitle: Big\n---"
	for (i = 0; i < 20000; i++) print "word word word word word word word word word word word word word word word word word word word\n" }' \
	>"$hb/content/guide/big.md"
status=0
(trap '' XFSZ; ulimit -f 1024; exec "$BIN" build -C "$hb" -o "$work/site") \
	>"$work/out" 2>"$work/err" || status=$?
[ "$status" -eq 3 ] || die "a failed page write exited $status, expected 3: $(cat "$work/err")"
grep -qx "prepbook: error: cannot write '$work/site/guide/big.html': File too large" "$work/err" ||
	die "the failed write is not named by its site path: $(cat "$work/err")"
! grep -q '\.new-' "$work/err" || die "the staging folder was named: $(cat "$work/err")"
[ ! -e "$work/site" ] || die "a failed build wrote the site"
[ -z "$(ls -A "$work" | grep '\.new-')" ] || die "a staging folder was left"
rm "$hb/content/guide/big.md"

# A parent folder that cannot be made: a file stands where it would be.
echo file >"$work/plain-file"
status=0
"$BIN" build -C "$hb" -o "$work/plain-file/site" 2>"$work/err" || status=$?
[ "$status" -eq 3 ] || die "an impossible parent folder exited $status, expected 3"
[ "$(cat "$work/err")" = "prepbook: error: cannot create the folder '$work/plain-file': Not a directory" ] ||
	die "unexpected message for the parent folder: $(cat "$work/err")"

# Staging folders beside the site: a killed build's (marked, unlocked) is
# removed; one a running build holds, one without the marker and a link
# are not, nor a swap's old site kept aside (.old-).
for n in kill0 run00; do
	mkdir "$work/.site.new-${n}0"
	echo x >"$work/.site.new-${n}0/.prepbook-site"
done
mkdir "$work/.site.new-other0" "$work/elsewhere" "$work/.site.old-kept00"
echo x >"$work/elsewhere/.prepbook-site"
echo x >"$work/.site.old-kept00/.prepbook-site"
ln -s elsewhere "$work/.site.new-link00"
# flock holds the lock until the FIFO gets a line; the build runs between.
mkfifo "$work/go" "$work/locked"
flock "$work/.site.new-run000" sh -c "echo >'$work/locked'; read x <'$work/go'" &
holder=$!
read x <"$work/locked"
status=0
"$BIN" build -C "$hb" -o "$work/site" 2>"$work/err" || status=$?
echo >"$work/go"
wait "$holder"
[ "$status" -eq 0 ] || die "the build failed: $(cat "$work/err")"
[ ! -e "$work/.site.new-kill00" ] || die "a killed build's staging folder was kept"
for kept in .site.new-run000 .site.new-other0 .site.new-link00 \
	.site.old-kept00 elsewhere/.prepbook-site; do
	[ -e "$work/$kept" ] || die "$kept was removed"
done
