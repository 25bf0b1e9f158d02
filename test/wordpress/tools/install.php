<?php
/**
 * Installs the test site non-interactively (what `wp core install` would do; wp-cli is not
 * reachable here): WordPress, an administrator and a subscriber, the fixture theme, the
 * WooCommerce stand-in, then Palompy (its activation hook runs).
 *
 * Usage: php install.php SITE_DIR
 */

require __DIR__ . '/installer.php';

palompy_install_site( 'Palompy Test Shop' );
palompy_add_user( 'subscriber', 'subscriber' );
flush_rewrite_rules();

palompy_activate_plugin( 'woocommerce-standin/woocommerce-standin.php' );
palompy_activate_plugin( 'palompy/palompy.php' );
// WooCommerce's shop manager role exists once the stand-in is active: manage_woocommerce, not manage_options.
palompy_add_user( 'manager', 'shop_manager' );
echo 'installed WordPress ' . get_bloginfo( 'version' ) . ' at ' . home_url() . "\n";
