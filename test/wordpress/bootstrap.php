<?php
/**
 * Loads the real test site (wp-load.php) into the PHPUnit process: the tests call the plugin's
 * code in place and drive the same site over HTTP.
 */

foreach ( array( 'PALOMPY_WP_ROOT', 'PALOMPY_WP_URL', 'PALOMPY_BACKEND_URL', 'PALOMPY_FAKE_STATE', 'PALOMPY_WP_WORK', 'PALOMPY_PLUGIN_DIR' ) as $palompy_var ) {
	if ( ! getenv( $palompy_var ) ) {
		fwrite( STDERR, "$palompy_var is not set: run scripts/test-wordpress.sh\n" );
		exit( 1 );
	}
}

require getenv( 'PALOMPY_WP_ROOT' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/template.php'; // add_settings_error(), as on options.php
require __DIR__ . '/lib/Browser.php';
require __DIR__ . '/lib/FakeBackend.php';
require __DIR__ . '/lib/PalompyTestCase.php';

// Load WordPress's HTTP library now, under the test site's handler for its known core deprecations
// (fixtures/mu-plugins/palompy-test-core-deprecations.php), before PHPUnit's own error handler
// would turn them into failures of whichever test happens to make the first HTTP call.
wp_remote_get( getenv( 'PALOMPY_BACKEND_URL' ) . '/ping' );
