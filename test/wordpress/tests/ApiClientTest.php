<?php
/** Palompy_Api against the fake Palompy server over real HTTP (wp_safe_remote_request). */
final class ApiClientTest extends Palompy_Test_Case {
	private function store() {
		return array(
			'siteUrl'       => home_url(),
			'storeName'     => 'Test shop',
			'adminEmail'    => 'admin@example.test',
			'locale'        => 'ru_RU',
			'pluginVersion' => PALOMPY_VERSION,
			'returnUrl'     => admin_url( 'admin.php?page=palompy' ),
		);
	}

	public function test_connect_returns_the_contract_fields() {
		$answer = ( new Palompy_Api( Palompy_Fake_Backend::url() ) )->connect( $this->store() );
		$this->assertIsArray( $answer, is_wp_error( $answer ) ? $answer->get_error_message() : '' );
		foreach ( array( 'shopId', 'publicKey', 'pluginToken', 'apiBase', 'authorizeUrl' ) as $field ) {
			$this->assertNotEmpty( $answer[ $field ], $field );
		}
		$this->assertStringStartsWith( home_url() . '/wc-auth/v1/authorize?app_name=Palompy&scope=read&user_id=' . $answer['shopId'], $answer['authorizeUrl'] );
	}

	public function test_sends_json_with_the_bearer_token_and_a_user_agent() {
		$connect = ( new Palompy_Api( Palompy_Fake_Backend::url() ) )->connect( $this->store() );
		$before  = count( Palompy_Fake_Backend::requests() );
		$status  = ( new Palompy_Api( Palompy_Fake_Backend::url(), $connect['pluginToken'] ) )->status();
		$this->assertFalse( $status['connected'] );
		$this->assertSame( $connect['shopId'], $status['shopId'] );
		$request = Palompy_Fake_Backend::received( 'GET', '/api/woocommerce/status', $before )[0];
		$this->assertSame( 'Bearer ' . $connect['pluginToken'], $request['authorization'] );
		$this->assertStringStartsWith( 'Palompy-WooCommerce/' . PALOMPY_VERSION, $request['userAgent'] );
	}

	public function test_backend_errors_become_wp_errors_naming_the_field() {
		$store              = $this->store();
		$store['storeName'] = ' ';
		$error              = ( new Palompy_Api( Palompy_Fake_Backend::url() ) )->connect( $store );
		$this->assertInstanceOf( WP_Error::class, $error );
		$this->assertSame( 'palompy_invalid_body', $error->get_error_code() );
		$this->assertSame( 'The Palompy server refused the value of "storeName": storeName is required', $error->get_error_message() );
		$this->assertSame( array( 'status' => 400, 'field' => 'storeName', 'message' => 'storeName is required' ), $error->get_error_data() );
	}

	public function test_known_server_error_codes_become_the_plugins_own_translatable_words() {
		$error = ( new Palompy_Api( Palompy_Fake_Backend::url(), 'not-a-token' ) )->status();
		$this->assertSame( 'palompy_unauthorized', $error->get_error_code() );
		$this->assertSame( 'The Palompy server no longer knows this store (its shop was deleted there). Click Connect to register the store again.', $error->get_error_message() );
		// An unknown code keeps the server's message; none at all names the HTTP status.
		$this->assertSame( 'Something new', Palompy_Api::message_for( 'brand_new_code', 400, 'Something new', null ) );
		$this->assertSame( 'The Palompy server answered with HTTP 502.', Palompy_Api::message_for( '', 502, '', null ) );
		$this->assertStringStartsWith( 'This Palompy server already has a shop for this store', Palompy_Api::message_for( 'already_connected', 409, 'This store is already connected', 'siteUrl' ) );
	}

	public function test_a_wrong_token_is_refused() {
		$error = ( new Palompy_Api( Palompy_Fake_Backend::url(), 'not-a-token' ) )->resync();
		$this->assertSame( 401, $error->get_error_data()['status'] );
	}

	public function test_unreachable_or_unsafe_servers_are_errors_not_crashes() {
		// Refused by WordPress itself, before any request: said so, with what to do.
		$port = ( new Palompy_Api( 'http://127.0.0.1:9' ) )->connect( $this->store() );
		$this->assertSame( 'palompy_port_refused', $port->get_error_code() );
		$this->assertStringStartsWith( 'WordPress refuses to connect to port 9: its safe HTTP functions only reach ports 80, 443, 8080, ', $port->get_error_message() );
		$this->assertStringContainsString( 'http_allowed_safe_ports', $port->get_error_message() );
		$this->assertSame( 'palompy_address_refused', ( new Palompy_Api( 'http://10.0.0.1' ) )->connect( $this->store() )->get_error_code() );
		// Allowed by the filter, but nothing listens there.
		$allow_port_1 = static function ( $ports ) {
			$ports[] = 1;
			return $ports;
		};
		add_filter( 'http_allowed_safe_ports', $allow_port_1 );
		$closed = ( new Palompy_Api( 'http://127.0.0.1:1' ) )->connect( $this->store() );
		remove_filter( 'http_allowed_safe_ports', $allow_port_1 );
		$this->assertSame( 'palompy_unreachable', $closed->get_error_code() );
		$this->assertSame( 'palompy_no_server', ( new Palompy_Api( '' ) )->status()->get_error_code() );
	}
}
