<?php
/** Without WooCommerce the plugin stays harmless and says why. */
final class WooCommerceMissingTest extends Palompy_Test_Case {
	public function test_activating_without_woocommerce_shows_the_notice_and_nothing_breaks() {
		$admin = Palompy_Test_Browser::logged_in( 'admin', 'admin-password' );
		$this->connect( $admin );
		$this->assertStringNotContainsString( 'palompy-woocommerce-missing', $admin->get( '/wp-admin/' )['body'] );

		deactivate_plugins( array( self::STANDIN, self::PLUGIN ) );
		// Activated again while WooCommerce is missing, the way a merchant would.
		$this->assertNull( activate_plugin( self::PLUGIN ) );

		foreach ( array( '/wp-admin/', '/wp-admin/plugins.php' ) as $page ) {
			$answer = $admin->get( $page );
			$this->assertSame( 200, $answer['status'], $page );
			$this->assertStringContainsString( 'id="palompy-woocommerce-missing"', $answer['body'], $page );
			$this->assertStringContainsString( 'Palompy needs WooCommerce', $answer['body'], $page );
		}
		$settings = $admin->get( '/wp-admin/admin.php?page=palompy' );
		$this->assertSame( 403, $settings['status'] );
		$this->assertStringNotContainsString( 'palompy_settings[server_url]', $settings['body'] );
		$this->assertStringNotContainsString( '/widget.js', ( new Palompy_Test_Browser() )->get( '/' )['body'] );

		// A subscriber has nothing to act on: no notice for them.
		$subscriber = Palompy_Test_Browser::logged_in( 'subscriber', 'subscriber-password' );
		$this->assertStringNotContainsString( 'palompy-woocommerce-missing', $subscriber->get( '/wp-admin/profile.php' )['body'] );

		activate_plugin( self::STANDIN );
		$this->assertStringContainsString( '/widget.js', ( new Palompy_Test_Browser() )->get( '/' )['body'] );
	}
}
