<?php
use PHPUnit\Framework\TestCase;

/**
 * Runs after every other test: nothing the plugin did on any request or in any process may have
 * logged a PHP warning, notice or deprecation (WP_DEBUG on, error_reporting E_ALL).
 */
final class ErrorLogsTest extends TestCase {
	public function logs() {
		$work = getenv( 'PALOMPY_WP_WORK' );
		$logs = array(
			'PHP error log'       => array( "$work/php-errors.log" ),
			'WordPress server'    => array( "$work/wp-server.log" ),
			'fake Palompy server' => array( "$work/backend-server.log" ),
		);
		// One debug.log per site (debug-wordpress.log; debug-woocommerce.log for the real store, which
		// also has its own server log).
		foreach ( array_merge( glob( "$work/debug-*.log" ), glob( "$work/woo-server.log" ) ) as $file ) {
			$logs[ basename( $file ) ] = array( $file );
		}
		return $logs;
	}

	/** @dataProvider logs */
	public function test_no_php_warning_notice_or_deprecation( $file ) {
		$text = file_exists( $file ) ? (string) file_get_contents( $file ) : '';
		preg_match_all( '/^.*\b(PHP )?(Warning|Notice|Deprecated|Fatal error|Parse error)\b.*$/m', $text, $m );
		$this->assertSame( array(), $m[0] );
	}

	/** The real Palompy server (the real-WooCommerce suite) logged no error while it served the plugin and the store. */
	public function test_the_palompy_server_logged_no_error() {
		$file = getenv( 'PALOMPY_WP_WORK' ) . '/palompy-server.log';
		$text = file_exists( $file ) ? (string) file_get_contents( $file ) : '';
		preg_match_all( '/^.*"level":"error".*$/m', $text, $m );
		$this->assertSame( array(), $m[0] );
	}
}
