<?php
/**
 * Installs the real-WooCommerce test site (what `wp core install` and `wp plugin activate` would do;
 * wp-cli is not reachable here): WordPress, an administrator, the fixture theme, WooCommerce 7.8
 * (its installer creates its tables, pages and the shop_manager role), a store in roubles, then
 * Palompy. No onboarding wizard: the tests drive the admin pages a configured store shows.
 *
 * Usage: php install-woocommerce.php SITE_DIR
 */

require __DIR__ . '/installer.php';

palompy_install_site( 'Palompy Woo Shop' );

palompy_activate_plugin( 'woocommerce/woocommerce.php' );
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

palompy_activate_plugin( 'palompy/palompy.php' );
palompy_add_user( 'manager', 'shop_manager' );
echo 'installed WordPress ' . get_bloginfo( 'version' ) . ' with WooCommerce ' . WC()->version . ' at ' . home_url() . "\n";
