<?php
/** Deleting the plugin: uninstall.php asks the server to delete the shop, then removes the options. */
final class UninstallTest extends Palompy_Test_Case {
	private function uninstall() {
		deactivate_plugins( self::PLUGIN );
		$php = PHP_BINARY . ' ' . escapeshellarg( dirname( __DIR__ ) . '/tools/uninstall.php' ) . ' ' . escapeshellarg( getenv( 'PALOMPY_WP_ROOT' ) );
		exec( $php . ' 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
		$this->assertSame( array( 'uninstalled' ), $output );
		wp_cache_flush();
	}

	private function palompy_options() {
		global $wpdb;
		return $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE 'palompy\\_%' OR option_name LIKE '\\_transient\\_%palompy%'" );
	}

	public function test_uninstall_deletes_the_shop_on_the_server_and_removes_every_option() {
		$admin = Palompy_Test_Browser::logged_in( 'admin', 'admin-password' );
		$this->connect( $admin );
		$token = Palompy_Settings::token();
		$this->assertArrayHasKey( $token, Palompy_Fake_Backend::shops() );
		set_transient( 'palompy_notice_1', array( 'success', 'left over' ), 60 );
		$before = count( Palompy_Fake_Backend::requests() );

		$this->uninstall();

		$delete = Palompy_Fake_Backend::received( 'DELETE', '/api/woocommerce/shop', $before );
		$this->assertCount( 1, $delete );
		$this->assertSame( 'Bearer ' . $token, $delete[0]['authorization'] );
		$this->assertArrayNotHasKey( $token, Palompy_Fake_Backend::shops() );
		$this->assertSame( array(), $this->palompy_options() );
	}

	public function test_uninstall_without_a_connection_or_a_reachable_server_still_cleans_up() {
		Palompy_Settings::save_token( 'token-of-a-server-that-is-gone' );
		Palompy_Settings::save_connection( array( 'server_url' => 'http://127.0.0.1:1', 'public_key' => 'k', 'api_base' => 'http://127.0.0.1:1', 'connected' => true ) );
		$this->uninstall();
		$this->assertSame( array(), $this->palompy_options() );
	}
}
