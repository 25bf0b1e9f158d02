<?php
/** What the fake Palompy server (fake-backend.php) received and holds. */
final class Palompy_Fake_Backend {
	/** Where the plugin reaches the fake (the Palompy server URL setting). */
	public static function url( $path = '' ) {
		return getenv( 'PALOMPY_BACKEND_URL' ) . $path;
	}

	/** The https address the fake gives out (apiBase, callback_url, console links), as behind a TLS proxy. */
	const PUBLIC_URL = 'https://palompy.example';

	/** null: the fake gives out its own plain-http loopback address instead. */
	public static function set_public_url( $url ) {
		$file = getenv( 'PALOMPY_FAKE_STATE' ) . '/public-url.txt';
		null === $url ? @unlink( $file ) : file_put_contents( $file, $url );
	}

	public static function public_url( $path = '' ) {
		return self::PUBLIC_URL . $path;
	}

	/** Forgets every shop (the request log stays: tests count from where they start). */
	public static function reset() {
		@unlink( getenv( 'PALOMPY_FAKE_STATE' ) . '/backend.json' );
	}

	/** @return array<int, array{method:string, path:string, authorization:?string, contentType:?string, body:string}> */
	public static function requests() {
		$file = getenv( 'PALOMPY_FAKE_STATE' ) . '/requests.jsonl';
		if ( ! file_exists( $file ) ) {
			return array();
		}
		return array_map(
			static function ( $line ) {
				return json_decode( $line, true );
			},
			array_filter( explode( "\n", (string) file_get_contents( $file ) ) )
		);
	}

	/** Requests to $method $path since the log had $since entries. */
	public static function received( $method, $path, $since = 0 ) {
		return array_values(
			array_filter(
				array_slice( self::requests(), $since ),
				static function ( $r ) use ( $method, $path ) {
					return $r['method'] === $method && $r['path'] === $path;
				}
			)
		);
	}

	public static function shops() {
		$file = getenv( 'PALOMPY_FAKE_STATE' ) . '/backend.json';
		return file_exists( $file ) ? (array) json_decode( (string) file_get_contents( $file ), true ) : array();
	}

	/** Posts what WooCommerce posts to callback_url once the merchant approves the key. */
	public static function woocommerce_approves( $shop_id ) {
		$curl = curl_init( self::url( '/api/woocommerce/auth-callback' ) );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_POST           => true,
				CURLOPT_HTTPHEADER     => array( 'Content-Type: application/json' ),
				CURLOPT_POSTFIELDS     => json_encode(
					array(
						'key_id'          => 7,
						'user_id'         => $shop_id,
						'consumer_key'    => 'ck_' . str_repeat( 'a', 40 ),
						'consumer_secret' => 'cs_' . str_repeat( 'b', 40 ),
						'key_permissions' => 'read',
					)
				),
			)
		);
		curl_exec( $curl );
		$status = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return $status;
	}
}
