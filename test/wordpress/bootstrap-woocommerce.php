<?php
/**
 * Loads the real-WooCommerce test site (wp-load.php) into the PHPUnit process: the tests create
 * products and orders with WooCommerce's own functions and drive the same site, and the Palompy
 * server, over HTTP.
 */

foreach ( array( 'PALOMPY_WP_ROOT', 'PALOMPY_WP_URL', 'PALOMPY_SERVER_URL', 'PALOMPY_SERVER_ADMIN_TOKEN', 'PALOMPY_WP_WORK', 'PALOMPY_PLUGIN_DIR' ) as $palompy_var ) {
	if ( ! getenv( $palompy_var ) ) {
		fwrite( STDERR, "$palompy_var is not set: run scripts/test-wordpress.sh\n" );
		exit( 1 );
	}
}

require getenv( 'PALOMPY_WP_ROOT' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/template.php';
require __DIR__ . '/lib/Browser.php';
require __DIR__ . '/lib/PalompyServer.php';

// WordPress's HTTP library loads now, under the test site's handler for known core deprecations.
wp_remote_get( getenv( 'PALOMPY_SERVER_URL' ) . '/healthz' );

// No mail on this machine: the order emails WooCommerce sends would only print sendmail errors.
add_filter( 'pre_wp_mail', '__return_false' );
