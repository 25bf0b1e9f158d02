<?php
/** The Settings API sanitize callback: what a merchant types is cleaned, bad values never stored. */
final class SettingsSanitizeTest extends Palompy_Test_Case {
	public function test_cleans_every_field() {
		$clean = Palompy_Settings::sanitize(
			array(
				'server_url'    => '  https://palompy.example.com/  ',
				'greeting'      => '<b>Hello</b> <script>alert(1)</script>there',
				'color'         => '#2456D6',
				'position'      => 'left',
				'quick_prompts' => "Where is my order?\r\n\r\n<i>Shipping</i> cost?\n" . str_repeat( 'x', 200 ),
			)
		);
		$this->assertSame( 'https://palompy.example.com', $clean['server_url'] );
		$this->assertSame( 'Hello there', $clean['greeting'] );
		$this->assertSame( '#2456D6', $clean['color'] );
		$this->assertSame( 'left', $clean['position'] );
		$this->assertSame( array( 'Where is my order?', 'Shipping cost?', str_repeat( 'x', 120 ) ), $clean['quick_prompts'] );
	}

	public function test_invalid_values_keep_the_previous_ones_and_say_why() {
		global $wp_settings_errors;
		$wp_settings_errors = array();
		$this->save_server_url( 'https://ok.example.com' );
		$clean = Palompy_Settings::sanitize(
			array(
				'server_url' => 'javascript:alert(1)',
				'color'      => 'red; background:url(x)',
				'position'   => 'middle',
			)
		);
		$this->assertSame( 'https://ok.example.com', $clean['server_url'] );
		$this->assertSame( '', $clean['color'] );
		$this->assertSame( 'right', $clean['position'] );
		$codes = wp_list_pluck( get_settings_errors( 'palompy_settings' ), 'code' );
		$this->assertSame( array( 'palompy_server_url', 'palompy_color' ), $codes );
		$wp_settings_errors = array();
	}

	public function test_prompts_are_capped_at_six_and_non_arrays_are_ignored() {
		$clean = Palompy_Settings::sanitize( array( 'quick_prompts' => implode( "\n", range( 1, 9 ) ) ) );
		$this->assertSame( array( '1', '2', '3', '4', '5', '6' ), $clean['quick_prompts'] );
		$this->assertSame( Palompy_Settings::get(), Palompy_Settings::sanitize( 'not an array' ) );
		$this->assertSame( array( 'a' ), Palompy_Settings::sanitize_prompts( array( 'a', array( 'nested' ), 3 ) ) );
	}

	public function test_appearance_payload_follows_the_backend_contract() {
		$settings = array_merge(
			Palompy_Settings::defaults(),
			array( 'greeting' => 'Hi', 'color' => '', 'position' => 'left', 'quick_prompts' => array( 'A', 'B' ) )
		);
		$this->assertSame( array( 'position' => 'left', 'quickPrompts' => array( 'A', 'B' ), 'greeting' => 'Hi' ), Palompy_Settings::appearance_payload( $settings ) );
	}

	public function test_the_greeting_goes_with_the_site_language_it_is_written_in() {
		// The server keeps it as that language's greeting; the console holds the other languages' own.
		$settings = array_merge( Palompy_Settings::defaults(), array( 'greeting' => 'Здравствуйте!', 'quick_prompts' => array( 'Где мой заказ?' ) ) );
		$payload  = Palompy_Settings::appearance_payload( $settings, 'ru' );
		$this->assertSame( 'Здравствуйте!', $payload['greeting'] );
		$this->assertSame( 'ru', $payload['language'] );
	}

	public function test_the_plugin_token_is_not_autoloaded() {
		Palompy_Settings::save_token( 'secret-token' );
		global $wpdb;
		$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", 'palompy_plugin_token' ) );
		$this->assertSame( 'no', $autoload );
		$this->assertSame( 'secret-token', Palompy_Settings::token() );
	}

	public function test_a_server_url_must_be_a_typed_http_address() {
		global $wp_settings_errors;
		foreach ( array( 'not a url', 'http://not a url', 'palompy.example.com', 'ftp://palompy.example.com', 'https://user:pw@palompy.example.com', 'https://palompy.example.com/?x=1', 'https://exa_mple.com' ) as $bad ) {
			$wp_settings_errors = array();
			$this->assertNull( Palompy_Settings::sanitize_server_url( $bad ), $bad );
			$this->assertSame( '', Palompy_Settings::sanitize( array( 'server_url' => $bad ) )['server_url'], $bad );
			$this->assertSame( array( 'palompy_server_url' ), wp_list_pluck( get_settings_errors( 'palompy_settings' ), 'code' ), $bad );
		}
		$wp_settings_errors = array();
		$this->assertSame( 'https://palompy.example.com/base', Palompy_Settings::sanitize_server_url( ' https://palompy.example.com/base/ ' ) );
		$this->assertSame( 'http://127.0.0.1:3000', Palompy_Settings::sanitize_server_url( 'http://127.0.0.1:3000' ) );
		$this->assertSame( '', Palompy_Settings::sanitize_server_url( '' ) );
	}

	public function test_the_server_url_cannot_change_under_a_connected_store() {
		global $wp_settings_errors;
		$wp_settings_errors = array();
		$this->save_server_url( 'https://old.example.com' );
		Palompy_Settings::save_token( 'token' );
		Palompy_Settings::save_connection( array( 'server_url' => 'https://old.example.com', 'shop_id' => 's', 'public_key' => 'k', 'api_base' => 'https://old.example.com', 'connected' => true ) );
		$clean = Palompy_Settings::sanitize( array( 'server_url' => 'https://new.example.com', 'greeting' => 'Still saved' ) );
		$this->assertSame( 'https://old.example.com', $clean['server_url'] );
		$this->assertSame( 'Still saved', $clean['greeting'] );
		$errors = get_settings_errors( 'palompy_settings' );
		$this->assertSame( 'This store is connected to the Palompy server at https://old.example.com. Click "Disconnect" first, then change the server URL and connect again.', $errors[0]['message'] );
		$wp_settings_errors = array();
		// The same address (with a trailing slash) is not a change.
		$this->assertSame( 'https://old.example.com', Palompy_Settings::sanitize( array( 'server_url' => 'https://old.example.com/' ) )['server_url'] );
		$this->assertSame( array(), get_settings_errors( 'palompy_settings' ) );
	}

	public function test_the_appearance_names_the_language_its_prompts_are_in() {
		$settings = array_merge( Palompy_Settings::defaults(), array( 'quick_prompts' => array( 'Где мой заказ?' ) ) );
		$this->assertSame( array( 'position' => 'right', 'quickPrompts' => array( 'Где мой заказ?' ), 'language' => 'ru' ), Palompy_Settings::appearance_payload( $settings, 'ru' ) );
	}
}
