<?php
/** WooCommerce → Palompy over HTTP with logged-in cookies: rendering, saving, every action. */
final class AdminPageTest extends Palompy_Test_Case {
	private function admin() {
		return Palompy_Test_Browser::logged_in( 'admin', 'admin-password' );
	}

	private function save_form( Palompy_Test_Browser $browser, array $values, $nonce ) {
		return $browser->post(
			'/wp-admin/options.php',
			array(
				'option_page'      => 'palompy',
				'action'           => 'update',
				'_wpnonce'         => $nonce,
				'_wp_http_referer' => '/wp-admin/admin.php?page=palompy',
				'palompy_settings' => $values,
			)
		);
	}

	private function form_values( array $overrides = array() ) {
		return array_merge(
			array(
				'server_url'    => Palompy_Fake_Backend::url(),
				'greeting'      => 'Hello from the test',
				'color'         => '#123abc',
				'position'      => 'left',
				'quick_prompts' => "Where is my order?\nDelivery",
			),
			$overrides
		);
	}

	public function test_the_page_renders_under_woocommerce_with_every_setting() {
		$admin = $this->admin();
		$html  = $this->settings_page( $admin );
		$this->assertStringContainsString( 'id="palompy-settings"', $html );
		$this->assertStringContainsString( "pagenow = 'woocommerce_page_palompy'", $html, 'not a WooCommerce submenu page' );
		$this->assertSame( 1, preg_match( '/<li[^>]*><a href=[\'"]admin\.php\?page=palompy[\'"]/', $html ), 'no submenu entry' );
		foreach ( array( 'server_url', 'greeting', 'color', 'position', 'quick_prompts' ) as $field ) {
			$this->assertStringContainsString( 'name="palompy_settings[' . $field . ']"', $html );
		}
		$this->assertStringContainsString( 'Not connected', $html );
		$this->nonce_in( $html, 'palompy' );
		// Connect stays disabled until a server URL is saved.
		$this->assertMatchesRegularExpression( '/value="Connect"[^>]*disabled/', $html );
	}

	public function test_saving_needs_a_valid_nonce() {
		$admin  = $this->admin();
		$before = $this->option( 'palompy_settings' );
		foreach ( array( '', 'deadbeef00' ) as $bad ) {
			$answer = $this->save_form( $admin, $this->form_values(), $bad );
			$this->assertSame( 403, $answer['status'] );
			$this->assertSame( $before, $this->option( 'palompy_settings' ) );
		}
		$nonce  = $this->nonce_in( $this->settings_page( $admin ), 'palompy' );
		$answer = $this->save_form( $admin, $this->form_values( array( 'greeting' => '<em>Hi</em> there' ) ), $nonce );
		$this->assertSame( 302, $answer['status'] );
		$this->assertStringContainsString( 'page=palompy', $answer['headers']['location'] );
		$saved = $this->option( 'palompy_settings' );
		$this->assertSame( Palompy_Fake_Backend::url(), $saved['server_url'] );
		$this->assertSame( 'Hi there', $saved['greeting'] );
		$this->assertSame( array( 'Where is my order?', 'Delivery' ), $saved['quick_prompts'] );
		$page = $admin->get( $answer['headers']['location'] )['body'];
		$this->assertStringContainsString( 'Settings saved.', $page );
		$this->assertStringContainsString( 'value="Hi there"', $page );
	}

	public function test_a_shop_manager_without_manage_options_can_configure_palompy() {
		$this->assertFalse( user_can( get_user_by( 'login', 'manager' ), 'manage_options' ) );
		$manager = Palompy_Test_Browser::logged_in( 'manager', 'manager-password' );
		$nonce   = $this->nonce_in( $this->settings_page( $manager ), 'palompy' );
		$this->assertSame( 302, $this->save_form( $manager, $this->form_values(), $nonce )['status'] );
		$this->assertSame( 'Hello from the test', $this->option( 'palompy_settings' )['greeting'] );
		$this->assertStringStartsWith( home_url( '/wc-auth/v1/authorize?' ), $this->click( $manager, 'palompy_connect' ) );
	}

	public function test_a_subscriber_is_refused_everywhere() {
		$subscriber = Palompy_Test_Browser::logged_in( 'subscriber', 'subscriber-password' );
		$page       = $subscriber->get( '/wp-admin/admin.php?page=palompy' );
		$this->assertSame( 403, $page['status'] );
		$this->assertStringNotContainsString( 'palompy_settings[server_url]', $page['body'] );

		// The capability is checked before the nonce, so these are refused for who is asking.
		$save = $this->save_form( $subscriber, $this->form_values(), 'any' );
		$this->assertSame( 403, $save['status'] );
		$this->assertStringContainsString( 'Sorry, you are not allowed to manage options for this site.', $save['body'] );
		$this->assertSame( '', $this->option( 'palompy_settings' )['server_url'] );
		$this->save_server_url( Palompy_Fake_Backend::url() );
		foreach ( Palompy_Admin::ACTIONS as $action ) {
			$answer = $subscriber->post( '/wp-admin/admin-post.php', array( 'action' => $action, '_wpnonce' => 'any' ) );
			$this->assertSame( 403, $answer['status'], $action );
			$this->assertStringContainsString( 'Sorry, you are not allowed to manage Palompy.', $answer['body'], $action );
		}
		$this->assertSame( '', $this->connection()['public_key'] );
	}

	public function test_actions_need_their_nonce() {
		$admin = $this->admin();
		$this->save_server_url( Palompy_Fake_Backend::url() );
		$before = count( Palompy_Fake_Backend::requests() );
		foreach ( Palompy_Admin::ACTIONS as $action ) {
			$answer = $admin->post( '/wp-admin/admin-post.php', array( 'action' => $action, '_wpnonce' => 'nope' ) );
			$this->assertSame( 403, $answer['status'], $action );
		}
		$this->assertCount( $before, Palompy_Fake_Backend::requests(), 'a refused action reached the server' );
	}

	public function test_connect_registers_the_store_and_sends_the_merchant_to_woocommerce_key_approval() {
		$admin      = $this->admin();
		$before     = count( Palompy_Fake_Backend::requests() );
		list( $authorize, $back ) = $this->connect( $admin );

		$sent = json_decode( Palompy_Fake_Backend::received( 'POST', '/api/woocommerce/connect', $before )[0]['body'], true );
		$this->assertSame( home_url(), $sent['siteUrl'] );
		$this->assertSame( 'Palompy Test Shop', $sent['storeName'] );
		$this->assertSame( 'admin@example.test', $sent['adminEmail'] );
		$this->assertSame( get_locale(), $sent['locale'] );
		$this->assertSame( PALOMPY_VERSION, $sent['pluginVersion'] );
		$this->assertSame( admin_url( 'admin.php?page=palompy&palompy_return=1' ), $sent['returnUrl'] );

		parse_str( (string) wp_parse_url( $authorize, PHP_URL_QUERY ), $query );
		$this->assertStringStartsWith( home_url( '/wc-auth/v1/authorize?' ), $authorize );
		$this->assertSame( 'Palompy', $query['app_name'] );
		$this->assertSame( 'read', $query['scope'] );
		$this->assertSame( Palompy_Fake_Backend::public_url( '/api/woocommerce/auth-callback' ), $query['callback_url'] );

		$this->assertStringContainsString( 'WooCommerce approved the access', $back );
		$this->assertStringContainsString( '<td>Connected</td>', $back );
		$this->assertStringContainsString( 'Up to date (12 of 12)', $back );
		$this->assertStringNotContainsString( '<th scope="row">Last sync</th><td>Never</td>', $back );
		$this->assertStringNotContainsString( Palompy_Settings::token(), $back, 'the plugin token was printed' );
		$this->assertTrue( $this->connection()['connected'] );
	}

	public function test_reconnecting_presents_the_token_and_keeps_the_shop() {
		$admin = $this->admin();
		$this->connect( $admin );
		$shop_id = $this->connection()['shop_id'];
		$token   = Palompy_Settings::token();
		$before  = count( Palompy_Fake_Backend::requests() );
		$this->assertStringContainsString( 'value="Reconnect"', $this->settings_page( $admin ) );
		$this->assertStringContainsString( 'user_id=' . $shop_id, $this->click( $admin, 'palompy_connect' ) );
		$this->assertSame( 'Bearer ' . $token, Palompy_Fake_Backend::received( 'POST', '/api/woocommerce/connect', $before )[0]['authorization'] );
		wp_cache_flush();
		$this->assertSame( $token, Palompy_Settings::token() );
		$this->assertCount( 1, Palompy_Fake_Backend::shops() );

		// Without the token (the options were lost), the server refuses to hand the store over.
		delete_option( 'palompy_connection' );
		delete_option( 'palompy_plugin_token' );
		$location = $this->click( $admin, 'palompy_connect' );
		$this->assertStringContainsString( 'This Palompy server already has a shop for this store, but this site no longer holds the token', $admin->get( $location )['body'] );
	}

	public function test_a_declined_approval_says_so() {
		$admin = $this->admin();
		$this->save_server_url( Palompy_Fake_Backend::url() );
		$authorize = $this->click( $admin, 'palompy_connect' );
		parse_str( (string) wp_parse_url( $authorize, PHP_URL_QUERY ), $query );
		$page = $admin->get( $query['return_url'] . '&success=0' )['body'];
		$this->assertStringContainsString( 'The access was not approved', $page );
		$this->assertStringContainsString( 'Waiting for the WooCommerce key approval', $page );
	}

	public function test_a_backend_error_is_shown_and_nothing_is_stored() {
		$admin = $this->admin();
		$this->save_server_url( Palompy_Fake_Backend::url() );
		// Straight into the table: WordPress's own sanitising would refuse the broken address.
		global $wpdb;
		$wpdb->update( $wpdb->options, array( 'option_value' => 'not-an-email' ), array( 'option_name' => 'admin_email' ) );
		$location = $this->click( $admin, 'palompy_connect' );
		$wpdb->update( $wpdb->options, array( 'option_value' => 'admin@example.test' ), array( 'option_name' => 'admin_email' ) );
		$this->assertSame( admin_url( 'admin.php?page=palompy' ), $location );
		$this->assertStringContainsString( 'adminEmail must be an email address', $admin->get( $location )['body'] );
		$this->assertSame( '', $this->connection()['public_key'] );
	}

	public function test_plain_permalinks_are_flagged() {
		$admin = $this->admin();
		$this->assertStringNotContainsString( 'id="palompy-permalinks"', $this->settings_page( $admin ) );
		$structure = get_option( 'permalink_structure' );
		update_option( 'permalink_structure', '' );
		$page = $this->settings_page( $admin );
		update_option( 'permalink_structure', $structure );
		$this->assertStringContainsString( 'id="palompy-permalinks"', $page );
		$this->assertStringContainsString( 'options-permalink.php', $page );
	}

	public function test_saving_pushes_the_appearance_to_the_server() {
		$admin = $this->admin();
		$this->connect( $admin );
		$before = count( Palompy_Fake_Backend::requests() );
		$nonce  = $this->nonce_in( $this->settings_page( $admin ), 'palompy' );
		$this->assertSame( 302, $this->save_form( $admin, $this->form_values(), $nonce )['status'] );
		$put = Palompy_Fake_Backend::received( 'PUT', '/api/woocommerce/appearance', $before );
		$this->assertCount( 1, $put );
		$this->assertSame( 'Bearer ' . Palompy_Settings::token(), $put[0]['authorization'] );
		$this->assertSame(
			array( 'position' => 'left', 'quickPrompts' => array( 'Where is my order?', 'Delivery' ), 'language' => 'en', 'greeting' => 'Hello from the test', 'color' => '#123abc' ),
			json_decode( $put[0]['body'], true )
		);
	}

	public function test_when_the_server_refuses_the_appearance_it_is_still_saved_here_and_says_so() {
		$admin = $this->admin();
		$this->connect( $admin );
		Palompy_Fake_Backend::reset(); // The server no longer knows the token.
		$nonce  = $this->nonce_in( $this->settings_page( $admin ), 'palompy' );
		$answer = $this->save_form( $admin, $this->form_values( array( 'greeting' => 'Kept anyway' ) ), $nonce );
		$this->assertSame( 'Kept anyway', $this->option( 'palompy_settings' )['greeting'] );
		$page = $admin->get( $answer['headers']['location'] )['body'];
		$this->assertStringContainsString( 'Saved on this site, but the Palompy server did not take the appearance: The Palompy server no longer knows this store', $page );
		$this->assertStringContainsString( 'The Palompy server could not be asked: The Palompy server no longer knows this store', $page );
	}

	public function test_resync_and_the_console_link() {
		$admin = $this->admin();
		$this->connect( $admin );
		$before   = count( Palompy_Fake_Backend::requests() );
		$location = $this->click( $admin, 'palompy_resync' );
		$this->assertCount( 1, Palompy_Fake_Backend::received( 'POST', '/api/woocommerce/resync', $before ) );
		$this->assertStringContainsString( 'Resync started', $admin->get( $location )['body'] );

		$console = $this->click( $admin, 'palompy_console' );
		$this->assertMatchesRegularExpression( '#^' . preg_quote( Palompy_Fake_Backend::public_url( '/admin/login?token=' ), '#' ) . '[0-9a-f]{32}$#', $console );
		$again = $this->click( $admin, 'palompy_console' );
		$this->assertNotSame( $console, $again, 'a console link must be fetched fresh on every click' );
	}

	public function test_a_plain_http_server_leads_to_the_pasted_keys_form_then_keys_connect() {
		// WooCommerce refuses its approval page when callback_url is not https: no detour through it.
		Palompy_Fake_Backend::set_public_url( null );
		$admin = $this->admin();
		$this->save_server_url( Palompy_Fake_Backend::url() );
		$location = $this->click( $admin, 'palompy_connect' );
		$this->assertSame( admin_url( 'admin.php?page=palompy' ), $location );
		$page = $admin->get( $location )['body'];
		$this->assertStringContainsString( 'WooCommerce hands keys only to a Palompy server on https://', $page );
		$this->assertStringContainsString( 'id="palompy-keys-form"', $page );
		$this->assertNotSame( '', $this->connection()['public_key'] );

		$bad = $this->click( $admin, 'palompy_keys', array( 'consumer_key' => 'ck_short', 'consumer_secret' => 'cs_short' ) );
		$this->assertStringContainsString( 'Paste a WooCommerce consumer key', $admin->get( $bad )['body'] );

		$refused = $this->click( $admin, 'palompy_keys', array( 'consumer_key' => 'ck_' . str_repeat( '0', 40 ), 'consumer_secret' => 'cs_' . str_repeat( '1', 40 ) ) );
		$this->assertStringContainsString( 'WooCommerce refused these keys. Copy the consumer key and secret', $admin->get( $refused )['body'] );
		$this->assertFalse( $this->connection()['connected'] );

		$before = count( Palompy_Fake_Backend::requests() );
		$key    = 'ck_' . str_repeat( 'c', 40 );
		$secret = 'cs_' . str_repeat( 'd', 40 );
		$ok     = $this->click( $admin, 'palompy_keys', array( 'consumer_key' => " $key ", 'consumer_secret' => $secret ) );
		$this->assertSame( array( 'consumerKey' => $key, 'consumerSecret' => $secret ), json_decode( Palompy_Fake_Backend::received( 'POST', '/api/woocommerce/keys', $before )[0]['body'], true ) );
		$page = $admin->get( $ok )['body'];
		$this->assertStringContainsString( 'The keys were accepted', $page );
		$this->assertStringNotContainsString( $secret, $page );
		$this->assertTrue( $this->connection()['connected'] );
	}

	public function test_the_colour_field_is_wide_enough_for_a_hex_colour() {
		$html = $this->settings_page( $this->admin() );
		$this->assertSame( 1, preg_match( '/<input[^>]*id="palompy_color"[^>]*>/', $html, $m ) );
		// WordPress's small-text class is 50 px wide: "#2456d6" showed as "#245…".
		$this->assertStringNotContainsString( 'small-text', $m[0] );
		$this->assertStringContainsString( 'size="9"', $m[0] );
	}

	public function test_resync_shows_its_result_last_reconciled_and_the_product_count() {
		$admin = $this->admin();
		$this->connect( $admin );
		$before = $this->settings_page( $admin );
		$this->assertStringContainsString( '<th scope="row">Last reconciled</th><td>Never</td>', $before );
		$this->assertStringContainsString( '<th scope="row">Products the assistant knows</th><td>12</td>', $before );
		$page = $admin->get( $this->click( $admin, 'palompy_resync' ) )['body'];
		$this->assertStringNotContainsString( '<th scope="row">Last reconciled</th><td>Never</td>', $page );
		$this->assertStringContainsString( '<th scope="row">Products the assistant knows</th><td>11</td>', $page );
	}

	public function test_the_prompts_are_saved_under_the_site_language_of_now() {
		global $wpdb;
		$admin = $this->admin();
		$this->connect( $admin ); // Connected while the site was in English.
		$wpdb->replace( $wpdb->options, array( 'option_name' => 'WPLANG', 'option_value' => 'ru_RU', 'autoload' => 'yes' ) );
		$before = count( Palompy_Fake_Backend::requests() );
		$nonce  = $this->nonce_in( $this->settings_page( $admin ), 'palompy' );
		$this->save_form( $admin, $this->form_values( array( 'quick_prompts' => 'Где мой заказ?' ) ), $nonce );
		$wpdb->replace( $wpdb->options, array( 'option_name' => 'WPLANG', 'option_value' => '', 'autoload' => 'yes' ) );
		$put = Palompy_Fake_Backend::received( 'PUT', '/api/woocommerce/appearance', $before );
		$this->assertSame( 'ru', json_decode( $put[0]['body'], true )['language'] );
	}

	public function test_disconnect_deletes_the_shop_and_frees_the_server_url() {
		$admin = $this->admin();
		$this->connect( $admin );
		$token  = Palompy_Settings::token();
		$before = count( Palompy_Fake_Backend::requests() );
		$page   = $admin->get( $this->click( $admin, 'palompy_disconnect' ) )['body'];
		$this->assertStringContainsString( 'Disconnected: the Palompy server deleted the shop.', $page );
		$this->assertStringContainsString( 'Not connected', $page );
		$this->assertSame( 'Bearer ' . $token, Palompy_Fake_Backend::received( 'DELETE', '/api/woocommerce/shop', $before )[0]['authorization'] );
		$this->assertSame( array(), Palompy_Fake_Backend::shops() );
		wp_cache_flush();
		$this->assertFalse( Palompy_Settings::is_registered() );
		// Now another server may be saved.
		$nonce = $this->nonce_in( $page, 'palompy' );
		$this->save_form( $admin, $this->form_values( array( 'server_url' => 'https://other.example.com' ) ), $nonce );
		$this->assertSame( 'https://other.example.com', $this->option( 'palompy_settings' )['server_url'] );
	}

	public function test_disconnect_works_when_the_server_is_gone() {
		$admin = $this->admin();
		$this->connect( $admin );
		Palompy_Fake_Backend::reset();
		$page = $admin->get( $this->click( $admin, 'palompy_disconnect' ) )['body'];
		$this->assertStringContainsString( 'Disconnected on this site. The Palompy server could not delete the shop', $page );
		wp_cache_flush();
		$this->assertFalse( Palompy_Settings::is_registered() );
	}
}
