<?php
/**
 * A minimal browser over curl: a cookie jar, no automatic redirects (the tests look at each
 * Location), and every page checked for PHP warnings, notices and deprecations.
 */
final class Palompy_Test_Browser {
	/** @var string */
	private $jar;

	public function __construct() {
		$this->jar = tempnam( sys_get_temp_dir(), 'palompy-jar' );
	}

	public function __destruct() {
		@unlink( $this->jar );
	}

	/** Logs in through wp-login.php like a person would. */
	public static function logged_in( $user, $password ) {
		$browser = new self();
		// The cookie wp-login.php's form page would set (WordPress refuses logins without it). The
		// form page itself is not fetched: WordPress 6.1 raises PHP 8.1 deprecations there on its own.
		$host = (string) parse_url( getenv( 'PALOMPY_WP_URL' ), PHP_URL_HOST );
		file_put_contents( $browser->jar, "$host\tFALSE\t/\tFALSE\t0\twordpress_test_cookie\tWP%20Cookie%20check\n" );
		$answer = $browser->post(
			'/wp-login.php',
			array(
				'log'         => $user,
				'pwd'         => $password,
				'wp-submit'   => 'Log In',
				'testcookie'  => '1',
				'redirect_to' => getenv( 'PALOMPY_WP_URL' ) . '/wp-admin/',
			)
		);
		if ( 302 !== $answer['status'] ) {
			throw new RuntimeException( "login as $user failed: HTTP {$answer['status']}" );
		}
		return $browser;
	}

	public function get( $path ) {
		return $this->request( 'GET', $path, null );
	}

	public function post( $path, array $fields ) {
		return $this->request( 'POST', $path, $fields );
	}

	/**
	 * A WordPress REST call as the logged-in user (cookie + wp_rest nonce, as WooCommerce's own
	 * admin does): the JSON answer decoded.
	 */
	public function rest( $method, $route, $body = null ) {
		if ( null === $this->rest_nonce ) {
			$this->rest_nonce = trim( $this->get( '/wp-admin/admin-ajax.php?action=rest-nonce' )['body'] );
		}
		$answer = $this->request( $method, '/wp-json' . $route, null, null === $body ? null : json_encode( $body ), array( 'X-WP-Nonce: ' . $this->rest_nonce, 'Content-Type: application/json' ) );
		return array( 'status' => $answer['status'], 'body' => json_decode( $answer['body'], true ) );
	}

	/** A cookie the page's own script would have set (document.cookie), for the next requests. */
	public function set_cookie( $name, $value ) {
		$host = (string) parse_url( getenv( 'PALOMPY_WP_URL' ), PHP_URL_HOST );
		file_put_contents( $this->jar, "$host\tFALSE\t/\tFALSE\t0\t$name\t$value\n", FILE_APPEND );
	}

	/**
	 * A JSON request with extra headers (the Store API's Nonce): status, headers, decoded body.
	 *
	 * @param array<string,string> $headers Header name => value.
	 */
	public function json( $method, $path, $body = null, array $headers = array() ) {
		$list = array( 'Content-Type: application/json', 'Accept: application/json' );
		foreach ( $headers as $name => $value ) {
			$list[] = "$name: $value";
		}
		$answer = $this->request( $method, $path, null, null === $body ? null : json_encode( $body ), $list );
		return array( 'status' => $answer['status'], 'headers' => $answer['headers'], 'body' => json_decode( $answer['body'], true ) );
	}

	/** @var string|null */
	private $rest_nonce = null;

	/** @return array{status:int, headers:array<string,string>, body:string} */
	private function request( $method, $path, $fields, $raw = null, array $extra_headers = array() ) {
		$url    = 0 === strpos( $path, 'http' ) ? $path : getenv( 'PALOMPY_WP_URL' ) . $path;
		$curl   = curl_init( $url );
		$headers = array();
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_FOLLOWLOCATION => false,
				CURLOPT_COOKIEJAR      => $this->jar,
				CURLOPT_COOKIEFILE     => $this->jar,
				CURLOPT_TIMEOUT        => 60,
				CURLOPT_HEADERFUNCTION => static function ( $curl, $line ) use ( &$headers ) {
					$parts = explode( ':', $line, 2 );
					if ( 2 === count( $parts ) ) {
						$headers[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
					}
					return strlen( $line );
				},
			)
		);
		if ( 'POST' === $method && null === $raw ) {
			curl_setopt( $curl, CURLOPT_POST, true );
			curl_setopt( $curl, CURLOPT_POSTFIELDS, http_build_query( $fields ) );
		} elseif ( 'GET' !== $method ) {
			curl_setopt( $curl, CURLOPT_CUSTOMREQUEST, $method );
			if ( null !== $raw ) {
				curl_setopt( $curl, CURLOPT_POSTFIELDS, $raw );
			}
		}
		if ( $extra_headers ) {
			curl_setopt( $curl, CURLOPT_HTTPHEADER, $extra_headers );
		}
		$body = curl_exec( $curl );
		if ( false === $body ) {
			throw new RuntimeException( "$method $url: " . curl_error( $curl ) );
		}
		$status = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		if ( preg_match( '/(?:<b>)?(Warning|Notice|Deprecated|Fatal error|Parse error)(?:<\/b>)?:\s/', $body, $m ) ) {
			throw new RuntimeException( "$method $url printed a PHP {$m[1]}: " . substr( $body, max( 0, strpos( $body, $m[0] ) - 100 ), 600 ) );
		}
		return array( 'status' => $status, 'headers' => $headers, 'body' => $body );
	}
}
