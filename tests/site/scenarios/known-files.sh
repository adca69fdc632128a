# A rebuild does not read a page file whose stat (size, times, inode) is
# what the build cache recorded, unless it changed less than a second
# before the cache was written: it takes the page from the cache.  The
# test marks a page's title in the cache: a rebuild that shows the mark
# did not read the file.  A file rewritten with the same size and its old
# modification time is still read (its change time moved), and so is a
# file the cache was written too soon after.
. "$(dirname "$0")/lib.sh"
hb=$work/hb
mkdir -p "$hb/content/guide"
printf 'title: Known\nbase_url: https://example.org/known\n' >"$hb/handbook.yml"
printf -- '---\ntitle: Home\n---\nHome.\n' >"$hb/content/index.md"
printf -- '---\ntitle: Alpha\ntags: [one, two]\nweight: 2\nextra: kept\n---\nAlpha text.\n' >"$hb/content/guide/alpha.md"
printf -- '---\ntitle: Beta\nweight: 1\n---\nBeta text.\n' >"$hb/content/guide/beta.md"
# YAML's "\0" puts a NUL in a string, which a cache line cannot hold: the
# page is never taken from the cache.
printf -- '---\ntitle: Gamma\nweight: 3\nnote: "a\\0b"\n---\nGamma text.\n' >"$hb/content/guide/gamma.md"

build() {
	"$BIN" build -C "$hb" -o "$work/site" 2>"$work/err" || die "$1: the build failed: $(cat "$work/err")"
}
# The page files are new: the first builds read them, and the cache is
# written anew until it is a second younger than every file.
build "first build"
# The cache's time is when the build began to read the pages: before
# every file the build wrote.
[ "$(stat -c %.9Y "$work/site/.prepbook-cache")" \< "$(stat -c %.9Y "$work/site/sw.js")" ] ||
	die "the cache's time is not the build's start"
grep -q "unknown key 'extra'" "$work/err" || die "the front matter warning is missing: $(cat "$work/err")"
sleep 1.2
build "second build"
build "third build"
cp "$work/err" "$work/err.read"
grep -q 'content/guide/gamma.md' "$work/site/.prepbook-cache" || die "the cache lacks the gamma page"
grep -q '^fm.*Gamma' "$work/site/.prepbook-cache" && die "a front matter string with a NUL went into the cache"

# From the cache: the warning again, and the title the cache says.
grep -q "unknown key 'extra'" "$work/err" || die "a page taken from the cache lost its warning"
sed -i 's/\tS\t2\t8\tAlpha\t/\tS\t2\t8\tAlphaCACHED\t/' "$work/site/.prepbook-cache"
grep -q 'AlphaCACHED' "$work/site/.prepbook-cache" || die "the test could not mark the cache"
build "a build with a marked cache"
grep -q 'AlphaCACHED' "$work/site/guide/alpha.html" || die "the page file was read although its stat had not changed"
diff "$work/err.read" "$work/err" >&2 || die "a page taken from the cache changed the messages"

# A damaged stat line (a body longer than the file) is not trusted: the
# page is read, and renders (its sibling's title changed) as it should.
awk -F '\t' 'BEGIN { OFS = "\t" } $1 == "page" { p = $2 } $1 == "stat" && p == "content/guide/beta.md" { $7 = 100000 } { print }' \
	"$work/site/.prepbook-cache" >"$work/cache.damaged"
cp "$work/cache.damaged" "$work/site/.prepbook-cache"
sed -i 's/^title: Home$/title: Home page/' "$hb/content/index.md"
build "a build with a damaged stat line"
grep -q 'Beta text' "$work/site/guide/beta.html" || die "the page with a damaged stat line lost its text"

# The same size and the old modification time: the change time tells.
old=$(stat -c %y "$hb/content/guide/alpha.md")
# (written in place, so that the inode stays too)
sed 's/Alpha text\./Alpha TEXT./' "$hb/content/guide/alpha.md" >"$work/alpha.new"
cat "$work/alpha.new" >"$hb/content/guide/alpha.md"
touch -d "$old" "$hb/content/guide/alpha.md"
[ "$(stat -c %y "$hb/content/guide/alpha.md")" = "$old" ] || die "the test could not restore the modification time"
build "a same-size edit"
grep -q 'Alpha TEXT' "$work/site/guide/alpha.html" || die "a same-size edit with the old time was not read"
grep -q 'AlphaCACHED' "$work/site/guide/alpha.html" && die "the page kept the cache's title after its file changed"

# Whatever was taken from where, the site is a clean build's.
rm -rf "$work/clean"
"$BIN" build -C "$hb" -o "$work/clean" 2>/dev/null || die "the clean build failed"
diff -r "$work/clean" "$work/site" >&2 || die "the rebuilt site differs from a clean build"
