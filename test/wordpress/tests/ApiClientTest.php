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
		$this->assertSame( 'storeName is required', $error->get_error_message() );
		$this->assertSame( array( 'status' => 400, 'field' => 'storeName' ), $error->get_error_data() );
	}

	public function test_a_wrong_token_is_refused() {
		$error = ( new Palompy_Api( Palompy_Fake_Backend::url(), 'not-a-token' ) )->resync();
		$this->assertSame( 401, $error->get_error_data()['status'] );
	}

	public function test_unreachable_or_unsafe_servers_are_errors_not_crashes() {
		$this->assertSame( 'palompy_unreachable', ( new Palompy_Api( 'http://127.0.0.1:1' ) )->connect( $this->store() )->get_error_code() );
		$this->assertSame( 'palompy_unreachable', ( new Palompy_Api( 'http://169.254.169.254' ) )->connect( $this->store() )->get_error_code() );
		$this->assertSame( 'palompy_no_server', ( new Palompy_Api( '' ) )->status()->get_error_code() );
	}
}
