<?php
/**
 * The cookies the checkout script writes are shopper-controlled input: only an exact UUID and a
 * known holdout group are ever stored on an order (and so sent to Palompy).
 */
final class OrderCookiesTest extends Palompy_Test_Case {
	protected function tearDown(): void {
		unset( $_COOKIE[ Palompy_Orders::SESSION_COOKIE ], $_COOKIE[ Palompy_Orders::HOLDOUT_COOKIE ] );
		parent::tearDown();
	}

	private function session( $value ) {
		$_COOKIE[ Palompy_Orders::SESSION_COOKIE ] = $value;
		return Palompy_Orders::session_from_cookie();
	}

	private function holdout( $value ) {
		$_COOKIE[ Palompy_Orders::HOLDOUT_COOKIE ] = $value;
		return Palompy_Orders::holdout_from_cookie();
	}

	public function test_only_a_uuid_is_taken_as_the_session_id() {
		$this->assertSame( '3f2c1a9e-8b7d-4c6e-9f01-23456789abcd', $this->session( '3F2C1A9E-8B7D-4C6E-9F01-23456789ABCD' ) );
		foreach ( array( '', 'x', '3f2c1a9e-8b7d-4c6e-9f01-23456789abcd ', "3f2c1a9e-8b7d-4c6e-9f01-23456789abcd\n", '3f2c1a9e-8b7d-4c6e-9f01-23456789abcdef', '3f2c1a9e8b7d4c6e9f0123456789abcd', '<script>', array( 'a' ) ) as $bad ) {
			$this->assertNull( $this->session( $bad ), json_encode( $bad ) );
		}
		unset( $_COOKIE[ Palompy_Orders::SESSION_COOKIE ] );
		$this->assertNull( Palompy_Orders::session_from_cookie() );
	}

	public function test_only_a_known_group_is_taken_as_the_holdout_group() {
		$this->assertSame( 'treatment', $this->holdout( 'treatment' ) );
		$this->assertSame( 'control', $this->holdout( 'control' ) );
		foreach ( array( '', 'Control', 'everyone', 'control ', array( 'control' ) ) as $bad ) {
			$this->assertNull( $this->holdout( $bad ), json_encode( $bad ) );
		}
	}

	public function test_the_checkout_script_writes_only_validated_values_into_lax_first_party_cookies() {
		$script = Palompy_Orders::checkout_script( 'pk_"</script>' );
		// The public key is a JSON string literal: it cannot end the string or the script.
		$this->assertStringContainsString( 'var prefix = "palompy:pk_\"<\/script>:"', $script );
		$this->assertStringContainsString( "cookie('palompy_sid', sid.toLowerCase())", $script );
		$this->assertStringContainsString( ';path=/;max-age=86400;samesite=lax', $script );
		$this->assertStringContainsString( 'uuid.test(sid)', $script );
	}
}
