<?php
/** The widget on storefront pages: deferred, in the footer, with its data-* attributes. */
final class StorefrontTest extends Palompy_Test_Case {
	/** The one <script> tag that loads widget.js, or null. */
	private function widget_tag( $html ) {
		return preg_match( '/<script\b[^>]*widget\.js[^>]*><\/script>/', $html, $m ) ? $m[0] : null;
	}

	private function attribute( $tag, $name ) {
		// WordPress 6.1 quotes its own attributes with ', later versions with ".
		return preg_match( '/\s' . preg_quote( $name, '/' ) . '=(["\'])(.*?)\1/', $tag, $m ) ? html_entity_decode( $m[2], ENT_QUOTES ) : null;
	}

	/** Straight into the table: WordPress only accepts languages it has core translations for. */
	private function site_language( $locale ) {
		global $wpdb;
		$wpdb->replace( $wpdb->options, array( 'option_name' => 'WPLANG', 'option_value' => $locale, 'autoload' => 'yes' ) );
	}

	public function test_nothing_on_the_storefront_before_the_store_is_connected() {
		$browser = new Palompy_Test_Browser();
		$this->assertNull( $this->widget_tag( $browser->get( '/' )['body'] ) );

		// Registered but WooCommerce's key approval not done yet: still nothing.
		$admin = Palompy_Test_Browser::logged_in( 'admin', 'admin-password' );
		$this->save_server_url( Palompy_Fake_Backend::url() );
		$this->click( $admin, 'palompy_connect' );
		$this->settings_page( $admin );
		$this->assertFalse( $this->connection()['connected'] );
		$this->assertNull( $this->widget_tag( $browser->get( '/' )['body'] ) );
	}

	public function test_connected_store_pages_carry_the_deferred_widget_with_its_attributes() {
		$admin = Palompy_Test_Browser::logged_in( 'admin', 'admin-password' );
		$this->connect( $admin );
		$settings = Palompy_Settings::get();
		update_option( 'palompy_settings', array_merge( $settings, array( 'greeting' => 'Say "hi" <now>', 'color' => '#aa3300', 'position' => 'left', 'quick_prompts' => array( 'Где мой заказ?', 'Returns & refunds' ) ) ) );
		$this->site_language( 'ru_RU' );
		$html    = ( new Palompy_Test_Browser() )->get( '/' )['body'];
		$russian = $this->settings_page( $admin );
		$plugins = $admin->get( '/wp-admin/plugins.php' )['body'];
		$this->site_language( '' );
		$this->assertStringContainsString( 'Синхронизировать сейчас', $russian, 'the settings page follows the site language' );
		$this->assertStringContainsString( 'Добавляет в магазин ассистента Palompy', $plugins, 'the plugin description is translated too' );
		$tag        = $this->widget_tag( $html );
		$connection = $this->connection();
		$this->assertNotNull( $tag, 'no widget script on the home page' );
		$this->assertSame( 1, substr_count( $html, '/widget.js' ) );
		$this->assertMatchesRegularExpression( '/\sdefer[\s>=]/', $tag );
		$this->assertSame( $connection['api_base'] . '/widget.js', $this->attribute( $tag, 'src' ) );
		$this->assertSame( $connection['public_key'], $this->attribute( $tag, 'data-shop-id' ) );
		$this->assertMatchesRegularExpression( '/^[0-9a-f-]{36}$/', $connection['public_key'] );
		$this->assertSame( Palompy_Fake_Backend::public_url(), $this->attribute( $tag, 'data-api-base' ) );
		$this->assertSame( 'ru', $this->attribute( $tag, 'data-lang' ) );
		$this->assertSame( 'bottom-left', $this->attribute( $tag, 'data-position' ) );
		$this->assertSame( '#aa3300', $this->attribute( $tag, 'data-color' ) );
		$this->assertSame( 'Say "hi" <now>', $this->attribute( $tag, 'data-greeting' ) );
		$this->assertSame( array( 'Где мой заказ?', 'Returns & refunds' ), json_decode( $this->attribute( $tag, 'data-prompts' ), true ) );
		// In the footer: after the page's content, not in <head>.
		$this->assertGreaterThan( strpos( $html, '</h1>' ), strpos( $html, $tag ) );
		$this->assertStringNotContainsString( $connection['public_key'], substr( $html, 0, strpos( $html, '</head>' ) ) );
		// The plugin token never reaches a page.
		$this->assertStringNotContainsString( Palompy_Settings::token(), $html );
	}

	public function test_never_on_admin_pages() {
		$admin = Palompy_Test_Browser::logged_in( 'admin', 'admin-password' );
		$this->connect( $admin );
		$this->assertNotNull( $this->widget_tag( ( new Palompy_Test_Browser() )->get( '/' )['body'] ) );
		foreach ( array( '/wp-admin/', '/wp-admin/admin.php?page=palompy', '/wp-admin/edit.php' ) as $page ) {
			$this->assertNull( $this->widget_tag( $admin->get( $page )['body'] ), $page );
		}
	}

	public function test_only_languages_the_widget_speaks_are_passed() {
		$this->assertSame( 'ru', Palompy_Storefront::widget_language( 'ru_RU' ) );
		$this->assertSame( 'en', Palompy_Storefront::widget_language( 'en_GB' ) );
		$this->assertNull( Palompy_Storefront::widget_language( 'de_DE' ) );
	}

	public function test_defer_is_added_once_whatever_the_wordpress_version() {
		Palompy_Settings::save_token( 't' );
		Palompy_Settings::save_connection( array( 'server_url' => 'https://p.example', 'shop_id' => 's', 'public_key' => 'k', 'api_base' => 'https://p.example', 'connected' => true ) );
		$old = Palompy_Storefront::script_tag( "<script src='https://p.example/widget.js' id='palompy-widget-js'></script>\n", 'palompy-widget' );
		$new = Palompy_Storefront::script_tag( '<script src="https://p.example/widget.js" id="palompy-widget-js" defer data-wp-strategy="defer"></script>', 'palompy-widget' );
		$this->assertSame( 1, preg_match_all( '/\sdefer[\s>]/', $old ) );
		$this->assertSame( 1, preg_match_all( '/\sdefer[\s>]/', $new ) );
		$this->assertSame( '<script src="x"></script>', Palompy_Storefront::script_tag( '<script src="x"></script>', 'other-handle' ) );
	}
}
