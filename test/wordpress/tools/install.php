<?php
/**
 * Installs the test site non-interactively (what `wp core install` would do; wp-cli is not
 * reachable here): WordPress, an administrator and a subscriber, the fixture theme, the
 * WooCommerce stand-in, then Palompy (its activation hook runs).
 *
 * Usage: php install.php SITE_DIR
 */

define( 'WP_INSTALLING', true );

// No mail on this machine: the "new site" email would only print sendmail errors.
function wp_new_blog_notification() {}

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

wp_install( 'Palompy Test Shop', 'admin', 'admin@example.test', false, '', 'admin-password' );
wp_insert_user(
	array(
		'user_login' => 'subscriber',
		'user_pass'  => 'subscriber-password',
		'user_email' => 'subscriber@example.test',
		'role'       => 'subscriber',
	)
);
switch_theme( 'palompy-test-theme' );
// What WooCommerce stores run with: its key approval page and the REST API need pretty permalinks.
update_option( 'permalink_structure', '/%postname%/' );
flush_rewrite_rules();

foreach ( array( 'woocommerce-standin/woocommerce-standin.php', 'palompy/palompy.php' ) as $plugin ) {
	$result = activate_plugin( $plugin );
	if ( is_wp_error( $result ) ) {
		fwrite( STDERR, "activating $plugin: " . $result->get_error_message() . "\n" );
		exit( 1 );
	}
}
// WooCommerce's shop manager role exists once the stand-in is active: manage_woocommerce, not manage_options.
wp_insert_user(
	array(
		'user_login' => 'manager',
		'user_pass'  => 'manager-password',
		'user_email' => 'manager@example.test',
		'role'       => 'shop_manager',
	)
);
echo 'installed WordPress ' . get_bloginfo( 'version' ) . ' at ' . home_url() . "\n";
