<?php
/**
 * Installs the real-WooCommerce test site (what `wp core install` and `wp plugin activate` would do;
 * wp-cli is not reachable here): WordPress, an administrator, the fixture theme, WooCommerce 7.8
 * (its installer creates its tables, pages and the shop_manager role), a store in roubles, then
 * Palompy. No onboarding wizard: the tests drive the admin pages a configured store shows.
 *
 * Usage: php install-woocommerce.php SITE_DIR
 */

define( 'WP_INSTALLING', true );

// No mail on this machine: the "new site" email would only print sendmail errors.
function wp_new_blog_notification() {}

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

wp_install( 'Palompy Woo Shop', 'admin', 'admin@example.test', false, '', 'admin-password' );
switch_theme( 'palompy-test-theme' );
update_option( 'permalink_structure', '/%postname%/' );

$result = activate_plugin( 'woocommerce/woocommerce.php' );
if ( is_wp_error( $result ) ) {
	fwrite( STDERR, 'activating WooCommerce: ' . $result->get_error_message() . "\n" );
	exit( 1 );
}
// What activation schedules for the next request, done now: tables, pages, roles.
WC_Install::install();
update_option( 'woocommerce_currency', 'RUB' );
update_option( 'woocommerce_default_country', 'RU' );
update_option( 'woocommerce_onboarding_profile', array( 'skipped' => true ) );
update_option( 'woocommerce_task_list_hidden', 'yes' );
update_option( 'woocommerce_show_marketplace_suggestions', 'no' );
update_option( 'woocommerce_allow_tracking', 'no' );
delete_transient( '_wc_activation_redirect' );
flush_rewrite_rules();

$result = activate_plugin( 'palompy/palompy.php' );
if ( is_wp_error( $result ) ) {
	fwrite( STDERR, 'activating Palompy: ' . $result->get_error_message() . "\n" );
	exit( 1 );
}
wp_insert_user(
	array(
		'user_login' => 'manager',
		'user_pass'  => 'manager-password',
		'user_email' => 'manager@example.test',
		'role'       => 'shop_manager',
	)
);
echo 'installed WordPress ' . get_bloginfo( 'version' ) . ' with WooCommerce ' . WC()->version . ' at ' . home_url() . "\n";
