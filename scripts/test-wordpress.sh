#!/usr/bin/env bash
# The WooCommerce plugin (woocommerce-plugin/) on a real WordPress: installs Debian's WordPress, PHP,
# MariaDB and PHPUnit when missing, starts MariaDB in a private data dir, a fake Palompy server and
# `php -S` serving a fresh WordPress copy with the plugin linked in, installs WordPress, activates
# the plugin and runs the PHPUnit tests in test/wordpress (php -l on every plugin file, integration
# tests through wp-load.php, HTTP checks with logged-in cookies). Stops everything it started.
# Writes test-results/wordpress.json ({passed, failed}) for scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$(date +%s)
work="${PALOMPY_WP_WORK:-$repo/.wp-test}"
results="$repo/test-results"
mkdir -p "$results"
rm -f "$results/wordpress.json"

log() { echo "wordpress-tests: $*" >&2; }

# ---- Packages: install only what is missing (CI machines start without any of them) ----
php_modules_ok() {
  local modules
  modules=$(php -m 2>/dev/null | tr 'A-Z' 'a-z')
  for m in mysqli curl mbstring xml intl zip gd bcmath; do grep -qx "$m" <<<"$modules" || return 1; done
}
packages_ok() {
  command -v php >/dev/null && php_modules_ok && [ -x /usr/sbin/mariadbd ] && command -v mariadb-install-db >/dev/null \
    && command -v phpunit >/dev/null && command -v msgfmt >/dev/null && command -v xgettext >/dev/null \
    && [ -f /usr/share/wordpress/wp-settings.php ]
}
if ! packages_ok; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    log "installing Debian's wordpress, php, mariadb, phpunit and gettext"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends wordpress php-cli php-mysql php-curl php-xml php-mbstring \
      php-zip php-intl php-gd php-bcmath mariadb-server phpunit gettext >/dev/null
  else
    log "missing packages: run 'sudo apt-get install -y --no-install-recommends wordpress php-cli php-mysql php-curl php-xml php-mbstring php-zip php-intl php-gd php-bcmath mariadb-server phpunit gettext'"
    echo '{"passed":0,"failed":1}' >"$results/wordpress.json"
    exit 1
  fi
fi
installed_at=$(date +%s)

# ---- Everything started below is stopped on exit, by its own pid ----
pids=()
cleanup() {
  # php -S with PHP_CLI_SERVER_WORKERS forks workers that outlive their parent: stop them first.
  for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap "exit 130" INT TERM

free_port() { php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s, false))[1];'; }
wait_for_port() {
  for _ in $(seq 1 "${2:-100}"); do
    php -r 'exit(@fsockopen("127.0.0.1", (int) $argv[1]) ? 0 : 1);' "$1" && return 0
    sleep 0.1
  done
  log "nothing answered on port $1"; return 1
}

# A fresh site and database every run: the tests start from the same state each time.
rm -rf "$work"
mkdir -p "$work/state"
site="$work/site"
cp -r /usr/share/wordpress "$site"
rm -f "$site/wp-config.php"
ln -s "$repo/woocommerce-plugin" "$site/wp-content/plugins/palompy"
ln -s "$repo/test/wordpress/fixtures/woocommerce-standin" "$site/wp-content/plugins/woocommerce-standin"
ln -s "$repo/test/wordpress/fixtures/theme" "$site/wp-content/themes/palompy-test-theme"
mkdir -p "$site/wp-content/mu-plugins"
for f in "$repo"/test/wordpress/fixtures/mu-plugins/*.php; do ln -s "$f" "$site/wp-content/mu-plugins/"; done

# ---- MariaDB in a private data dir (the socket path must stay short) ----
socket="${TMPDIR:-/tmp}/palompy-wp-$$.sock"
rm -f "$socket"
mariadb-install-db --no-defaults --datadir="$work/db" --user="$(id -un)" --auth-root-authentication-method=normal \
  --skip-test-db >"$work/mariadb-install.log" 2>&1
/usr/sbin/mariadbd --no-defaults --datadir="$work/db" --socket="$socket" --skip-networking --user="$(id -un)" \
  --pid-file="$work/mariadb.pid" --log-error="$work/mariadb.err" 2>>"$work/mariadb.err" &
pids+=($!)
for _ in $(seq 1 100); do [ -S "$socket" ] && mariadb --socket="$socket" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
mariadb --socket="$socket" -uroot -e 'CREATE DATABASE wordpress CHARACTER SET utf8mb4'

wp_port=$(free_port)
backend_port=$(free_port)
wp_url="http://127.0.0.1:$wp_port"
backend_url="http://127.0.0.1:$backend_port"

# wp-config.php for a site: write_wp_config SITE DATABASE URL PALOMPY_PORT
write_wp_config() {
  local salts
  salts=$(php -r 'foreach (["AUTH_KEY","SECURE_AUTH_KEY","LOGGED_IN_KEY","NONCE_KEY","AUTH_SALT","SECURE_AUTH_SALT","LOGGED_IN_SALT","NONCE_SALT"] as $k) printf("define(%s, %s);\n", var_export($k, true), var_export(bin2hex(random_bytes(32)), true));')
  cat >"$1/wp-config.php" <<PHP
<?php
define( 'DB_NAME', '$2' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:$socket' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$salts
\$table_prefix = 'wp_';
define( 'WP_HOME', '$3' );
define( 'WP_SITEURL', '$3' );
// Every PHP warning, notice and deprecation is shown and logged: the tests fail on any of them.
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', true );
define( 'WP_DEBUG_LOG', '$work/debug-$2.log' );
// No wordpress.org from here (no network): without this every admin page waits on it.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
// WP-cron runs only when a test asks for it (a request to /wp-cron.php, the Action Scheduler queue).
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
// The Palompy server's loopback port, which WordPress's safe HTTP functions refuse unless a
// mu-plugin allows it (fixtures/mu-plugins/palompy-test-http.php).
define( 'PALOMPY_TEST_BACKEND_PORT', $4 );
define( 'PALOMPY_TEST_WORK', '$work' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
}

write_wp_config "$site" wordpress "$wp_url" "$backend_port"
php_ini=(-d display_errors=1 -d error_reporting=-1 -d log_errors=1 -d "error_log=$work/php-errors.log")

PALOMPY_FAKE_STATE="$work/state" php "${php_ini[@]}" -S "127.0.0.1:$backend_port" "$repo/test/wordpress/fake-backend.php" \
  >"$work/backend-server.log" 2>&1 &
pids+=($!)
# Several workers: a page that calls back into the site (cron, REST) must not wait on itself.
PHP_CLI_SERVER_WORKERS=4 php "${php_ini[@]}" -S "127.0.0.1:$wp_port" -t "$site" "$repo/test/wordpress/router.php" \
  >"$work/wp-server.log" 2>&1 &
pids+=($!)
wait_for_port "$backend_port"
wait_for_port "$wp_port"

php "${php_ini[@]}" "$repo/test/wordpress/tools/install.php" "$site" >&2

suites="${PALOMPY_WP_SUITES:-standin woocommerce}"
status=0
junits=()

# ---- The real thing: WooCommerce 7.8 (../shared/vendor) + this plugin + the built Palompy server ----
# No stand-in anywhere: WooCommerce creates the keys, runs its REST API and delivers its webhooks
# through Action Scheduler to the Palompy server, which keeps its data in an embedded database.
# The servers start now, so that the Palompy server boots while the stand-in suite runs.
woo_site="$work/woo-site"
run_woo=0
if [[ " $suites " == *" woocommerce "* ]]; then
  woocommerce="${PALOMPY_WOOCOMMERCE_DIR:-${PALOMPY_SHARED_DIR:-$repo/../shared}/vendor/woocommerce-7.8.0}"
  if [ ! -f "$woocommerce/woocommerce.php" ]; then
    log "WooCommerce 7.8 not found at $woocommerce (set PALOMPY_WOOCOMMERCE_DIR or PALOMPY_SHARED_DIR)"
    status=1
  elif [ ! -f "$repo/build/server/index.js" ]; then
    log "the Palompy server is not built: run 'npm run build' first (npm test does)"
    status=1
  else
    run_woo=1
    cp -r /usr/share/wordpress "$woo_site"
    rm -f "$woo_site/wp-config.php"
    # Read-only vendor folder: linked, never copied or written.
    ln -s "$woocommerce" "$woo_site/wp-content/plugins/woocommerce"
    ln -s "$repo/woocommerce-plugin" "$woo_site/wp-content/plugins/palompy"
    ln -s "$repo/test/wordpress/fixtures/theme" "$woo_site/wp-content/themes/palompy-test-theme"
    mkdir -p "$woo_site/wp-content/mu-plugins"
    for f in "$repo"/test/wordpress/fixtures/mu-plugins/*.php; do ln -s "$f" "$woo_site/wp-content/mu-plugins/"; done
    mariadb --socket="$socket" -uroot -e 'CREATE DATABASE woocommerce CHARACTER SET utf8mb4'

    woo_port=$(free_port)
    palompy_port=$(free_port)
    woo_url="http://127.0.0.1:$woo_port"
    palompy_url="http://127.0.0.1:$palompy_port"
    palompy_admin_token=$(php -r 'echo bin2hex(random_bytes(24));')
    write_wp_config "$woo_site" woocommerce "$woo_url" "$palompy_port"

    # The built app, as `npm start` serves it, with its embedded database in a folder of its own.
    mkdir -p "$work/palompy-data"
    servers_started=$(date +%s)
    (cd "$repo" && env -u OPENAI_API_KEY -u OPENAI_BASE_URL -u DATABASE_URL NODE_ENV=production PORT="$palompy_port" HOST=127.0.0.1 \
      PALOMPY_DATA_DIR="$work/palompy-data" PALOMPY_PUBLIC_URL="$palompy_url" PALOMPY_EMBEDDER=local \
      PALOMPY_SECRET_KEY="$(php -r 'echo bin2hex(random_bytes(24));')" PALOMPY_ADMIN_TOKEN="$palompy_admin_token" \
      PALOMPY_SHUTDOWN_GRACE_MS=2000 PALOMPY_WOO_ALLOW_PRIVATE_HOSTS=1 PALOMPY_RATE_PUBLIC_PER_IP=100000 PALOMPY_RATE_CHAT_PER_IP=100000 PALOMPY_RATE_WOO_PLUGIN_PER_IP=100000 \
      node server/start.mjs) >"$work/palompy-server.log" 2>&1 &
    pids+=($!)
    PHP_CLI_SERVER_WORKERS=4 php "${php_ini[@]}" -S "127.0.0.1:$woo_port" -t "$woo_site" "$repo/test/wordpress/router.php" \
      >"$work/woo-server.log" 2>&1 &
    pids+=($!)
  fi
fi

if [[ " $suites " == *" standin "* ]]; then
  junits+=("$work/junit.xml")
  PALOMPY_WP_ROOT="$site" PALOMPY_WP_URL="$wp_url" PALOMPY_BACKEND_URL="$backend_url" PALOMPY_FAKE_STATE="$work/state" \
    PALOMPY_WP_WORK="$work" PALOMPY_PLUGIN_DIR="$repo/woocommerce-plugin" \
    php "${php_ini[@]}" "$(command -v phpunit)" -c "$repo/test/wordpress/phpunit.xml" --log-junit "$work/junit.xml" "$@" || status=$?
fi
standin_done=$(date +%s)

if [ "$run_woo" = 1 ]; then
  junits+=("$work/junit-woocommerce.xml")
  wait_for_port "$woo_port"
  php "${php_ini[@]}" "$repo/test/wordpress/tools/install-woocommerce.php" "$woo_site" >&2
  woo_installed=$(date +%s)
  wait_for_port "$palompy_port" 600
  log "real WooCommerce site installed in $(( woo_installed - standin_done )) s; Palompy server up $(( $(date +%s) - servers_started )) s after its start"
  PALOMPY_WP_ROOT="$woo_site" PALOMPY_WP_URL="$woo_url" PALOMPY_SERVER_URL="$palompy_url" \
    PALOMPY_SERVER_ADMIN_TOKEN="$palompy_admin_token" PALOMPY_WP_WORK="$work" PALOMPY_PLUGIN_DIR="$repo/woocommerce-plugin" \
    php "${php_ini[@]}" "$(command -v phpunit)" -c "$repo/test/wordpress/phpunit-woocommerce.xml" --log-junit "$work/junit-woocommerce.xml" "$@" || status=$?
fi

# Counts for the closing line of npm test, over every suite that ran.
php -r '
  $tests = 0; $failed = 0; $skipped = 0;
  foreach (array_slice($argv, 3) as $file) {
    $x = @simplexml_load_file($file);
    $suite = $x ? $x->testsuite : null;
    if (!$suite || (int) $suite["tests"] === 0) { $failed++; continue; }
    $tests += (int) $suite["tests"];
    $failed += (int) $suite["failures"] + (int) $suite["errors"];
    $skipped += (int) $suite["skipped"];
  }
  if ((int) $argv[1] !== 0 && $failed === 0) $failed = 1;
  file_put_contents($argv[2], json_encode(["passed" => max(0, $tests - $failed - $skipped), "failed" => $failed]));
' "$status" "$results/wordpress.json" "${junits[@]}"

cleanup
trap - EXIT
# The logs stay in $work for reading; the site copy and the database only when something failed.
if [ "$status" = 0 ]; then rm -rf "$site" "$woo_site" "$work/db" "$work/palompy-data"; fi
log "packages $(( installed_at - started )) s, stand-in suite $(( standin_done - installed_at )) s, real WooCommerce suite $(( $(date +%s) - standin_done )) s; $(cat "$results/wordpress.json")"
exit "$status"
