# Symbolic links anywhere a build reads are refused by name, never
# followed: a pull request could otherwise publish any file of the CI
# machine (the content folder as a link once published the folder it
# named; a theme's partial, template or assets folder as a link put that
# file into every page or copied that folder into the site).  A link that
# stays inside the handbook is refused too: the rule is "no links", not
# "no links that leave", which a link could be changed to meet later.
. "$(dirname "$0")/lib.sh"
repo=$(cd "$fixtures/../.." && pwd)
refused="cannot read: a symbolic link, which is not followed (a link could publish any file of the machine); copy the file in instead"
secret=$work/secret
mkdir "$secret"
printf -- '---\ntitle: Secret\n---\nSECRET-MARKER\n' >"$secret/page.md"
echo 'SECRET-MARKER' >"$secret/secret.css"
n=0

# A fresh copy of the basic handbook, as $hb.
fresh() {
	n=$((n + 1))
	hb=$work/hb$n
	cp -R "$fixtures/basic" "$hb"
	theme=$hb/themes/plain
}

# Builds $hb and expects exit 1 with exactly the one error line $1, and
# no site written.
expect_refusal() {
	hostile_build "$hb"
	[ "$status" -eq 1 ] || die "$hb: exit status $status, expected 1: $(cat "$work/err")"
	[ "$(cat "$work/err")" = "$1" ] ||
		die "$hb: expected '$1', got: $(cat "$work/err")"
	[ ! -e "$work/site" ] || die "$hb: a refused build wrote the site"
}

fresh; rm -r "$hb/content"; ln -s "$secret" "$hb/content"
expect_refusal "content: error: $refused"

fresh; ln -s "$secret/page.md" "$hb/content/guide/secret.md"
expect_refusal "content/guide/secret.md: error: symbolic links are not followed in content/ (a link could publish any file of the machine); copy the file in instead"

fresh; ln -s "$secret" "$hb/content/guide/more"
expect_refusal "content/guide/more: error: symbolic links are not followed in content/ (a link could publish any file of the machine); copy the file in instead"

fresh; mv "$hb/handbook.yml" "$hb/real.yml"; ln -s real.yml "$hb/handbook.yml"
expect_refusal "handbook.yml: error: $refused"

fresh; mv "$hb/themes" "$hb/real-themes"; ln -s real-themes "$hb/themes"
expect_refusal "themes: error: $refused"

fresh; mv "$theme" "$hb/plain"; ln -s ../plain "$theme"
expect_refusal "themes/plain: error: $refused"

fresh; ln -sf "$secret/page.md" "$theme/partials/layout.mustache"
expect_refusal "themes/plain/partials/layout.mustache: error: $refused"

fresh; ln -sf "$secret/page.md" "$theme/templates/page.mustache"
expect_refusal "themes/plain/templates/page.mustache: error: $refused"

fresh; rm -r "$theme/assets"; ln -s "$secret" "$theme/assets"
expect_refusal "themes/plain/assets: error: $refused"

fresh; ln -s "$secret/secret.css" "$theme/assets/extra.css"
expect_refusal "themes/plain/assets/extra.css: error: $refused"

fresh; mkdir "$hb/plugins"; ln -s "$secret" "$hb/plugins/assets"
expect_refusal "plugins/assets: error: $refused"

fresh; mkdir "$hb/plugins"; ln -s "$secret/page.md" "$hb/plugins/note.lua"
expect_refusal "plugins/note.lua: error: $refused"

# The built-in theme and plugins are held to the same rule inside
# prepbook's data folder.
fresh; rm -r "$hb/themes"; sed -i 's/^theme: plain$/theme: default/' "$hb/handbook.yml"
data=$work/data$n
mkdir "$data"; cp -R "$repo/themes" "$repo/plugins" "$data/"
ln -sf "$secret/page.md" "$data/themes/default/partials/footer.mustache"
PREPBOOK_DATA=$data expect_refusal "themes/default/partials/footer.mustache: error: $refused"
rm "$data/themes/default/partials/footer.mustache"
cp "$repo/themes/default/partials/footer.mustache" "$data/themes/default/partials/"
ln -s "$secret" "$data/plugins/assets/more"
PREPBOOK_DATA=$data expect_refusal "plugins/assets/more: error: $refused"

# Neighbours that must still build: a link loop in a theme no build uses
# (the rebuild fingerprint walks every theme and once followed it), and an
# editor's lock file, a dangling link with a hidden name.
fresh; mkdir -p "$hb/themes/unused"; ln -s .. "$hb/themes/unused/loop"
ln -s "nobody@host.1234" "$theme/partials/.#layout.mustache"
hostile_build "$hb"
[ "$status" -eq 0 ] || die "a build with ignorable links failed: $(cat "$work/err")"
[ ! -s "$work/err" ] || die "unexpected messages: $(cat "$work/err")"
! grep -rq SECRET-MARKER "$work/site" || die "the secret was published"
