<?php
use PHPUnit\Framework\TestCase;

/**
 * Every test starts from the state a merchant has right after activating the plugin with
 * WooCommerce active: default settings, not connected (tests that deactivate, uninstall or take
 * WooCommerce away leave the rest to this setUp).
 */
abstract class Palompy_Test_Case extends TestCase {
	const PLUGIN  = 'palompy/palompy.php';
	const STANDIN = 'woocommerce-standin/woocommerce-standin.php';

	protected function setUp(): void {
		wp_cache_flush();
		foreach ( array( 'palompy_settings', 'palompy_connection', 'palompy_plugin_token' ) as $option ) {
			delete_option( $option );
		}
		foreach ( array( self::STANDIN, self::PLUGIN ) as $plugin ) {
			if ( ! is_plugin_active( $plugin ) ) {
				$this->assertNull( activate_plugin( $plugin ) );
			}
		}
		Palompy_Plugin::activate();
		Palompy_Fake_Backend::reset();
		Palompy_Fake_Backend::set_public_url( Palompy_Fake_Backend::PUBLIC_URL );
		wp_cache_flush();
	}

	/** Options as the site has them now (another process may have changed them). */
	protected function option( $name ) {
		wp_cache_flush();
		return get_option( $name, null );
	}

	protected function connection() {
		wp_cache_flush();
		return Palompy_Settings::connection();
	}

	protected function save_server_url( $url ) {
		$settings               = Palompy_Settings::get();
		$settings['server_url'] = $url;
		update_option( 'palompy_settings', $settings );
	}

	/** The _wpnonce of the form that carries $marker (an action name or the option group). */
	protected function nonce_in( $html, $marker ) {
		foreach ( explode( "<form", $html ) as $form ) {
			$form = substr( $form, 0, (int) strpos( $form . "</form>", "</form>" ) );
			if ( ( false !== strpos( $form, "value=\"$marker\"" ) || false !== strpos( $form, "value='$marker'" ) ) && preg_match( "/name=\"_wpnonce\" value=\"([0-9a-f]+)\"/", $form, $m ) ) {
				return $m[1];
			}
		}
		$this->fail( "no form with a nonce for $marker" );
	}

	protected function settings_page( Palompy_Test_Browser $browser ) {
		$page = $browser->get( '/wp-admin/admin.php?page=palompy' );
		$this->assertSame( 200, $page['status'], substr( $page['body'], 0, 500 ) );
		return $page['body'];
	}

	/** Clicks Connect on the settings page; returns the redirect target. */
	protected function click( Palompy_Test_Browser $browser, $action, array $fields = array() ) {
		$nonce  = $this->nonce_in( $this->settings_page( $browser ), $action );
		$answer = $browser->post( '/wp-admin/admin-post.php', array_merge( array( 'action' => $action, '_wpnonce' => $nonce ), $fields ) );
		$this->assertSame( 302, $answer['status'], substr( $answer['body'], 0, 500 ) );
		return $answer['headers']['location'];
	}

	/** The whole connect flow: Connect, WooCommerce's approval callback, back to the settings page. */
	protected function connect( Palompy_Test_Browser $admin ) {
		$this->save_server_url( Palompy_Fake_Backend::url() );
		$authorize = $this->click( $admin, 'palompy_connect' );
		$connection = $this->connection();
		$this->assertSame( 200, Palompy_Fake_Backend::woocommerce_approves( $connection['shop_id'] ) );
		parse_str( (string) wp_parse_url( $authorize, PHP_URL_QUERY ), $query );
		$back = $admin->get( $query['return_url'] . '&success=1&user_id=' . rawurlencode( $connection['shop_id'] ) );
		$this->assertSame( 200, $back['status'] );
		return array( $authorize, $back['body'] );
	}
}
