#!/usr/bin/env sh
# The WooCommerce plugin's translations (Debian's gettext; wp-cli's i18n is not reachable here):
# regenerates woocommerce-plugin/languages/palompy.pot from the PHP sources, merges it into
# palompy-ru_RU.po and compiles palompy-ru_RU.mo. Translate new entries in the .po, then run again.
#   sh scripts/wordpress-i18n.sh                  # .pot, .po merge, .mo
#   sh scripts/wordpress-i18n.sh --pot-only FILE  # only write the .pot to FILE (the tests compare it)
set -eu
cd "$(dirname "$0")/../woocommerce-plugin"
pot=languages/palompy.pot
if [ "${1:-}" = "--pot-only" ]; then pot=$2; fi
version=$(sed -n 's/^ \* Version: *//p' palompy.php)
# WordPress translates the plugin's name and description on the Plugins screen with its text domain:
# they go into the .pot as if palompy.php called __() on them.
headers=$(mktemp -d)/palompy.php
sed -n 's/^ \* \(Plugin Name\|Description\): *\(.*\)$/\2/p' palompy.php |
  php -r 'while (($l = fgets(STDIN)) !== false) echo "<?php __(", var_export(trim($l), true), ", \"palompy\");\n";' >"$headers"
{ find . -name '*.php' | LC_ALL=C sort; echo "$headers"; } | xargs xgettext --language=PHP --from-code=UTF-8 --no-wrap --sort-by-file \
  --add-comments=translators: --keyword=__ --keyword=_e --keyword=esc_html__ --keyword=esc_html_e \
  --keyword=esc_attr__ --keyword=esc_attr_e --keyword=_x:1,2c --keyword=_n:1,2 \
  --package-name=Palompy --package-version="$version" --copyright-holder=Palompy -o "$pot"
sed -i "s|^#: $headers:[0-9]*|#: palompy.php|" "$pot"
rm -r "$(dirname "$headers")"
[ "${1:-}" = "--pot-only" ] && exit 0
po=languages/palompy-ru_RU.po
if [ -f "$po" ]; then
  msgmerge --quiet --no-wrap --update --backup=none "$po" "$pot"
else
  msginit --no-translator --no-wrap --locale=ru_RU.UTF-8 --input="$pot" --output-file="$po"
fi
msgfmt --check --statistics -o languages/palompy-ru_RU.mo "$po"
