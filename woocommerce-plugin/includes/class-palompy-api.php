<?php
/**
 * The Palompy server's WooCommerce API (/api/woocommerce/*), spoken through the WordPress HTTP API.
 *
 * Requests go through wp_safe_remote_request(): the server URL is typed in by a shop manager, so
 * the plugin must not become a way to reach the host's private network. A Palompy server on a
 * non-standard port (a local one in development) needs the `http_allowed_safe_ports` filter.
 *
 * @package Palompy
 */

defined( 'ABSPATH' ) || exit;

final class Palompy_Api {
	const TIMEOUT = 15;
	/** The settings page asks for the status on every load: a slow server must not hold it long. */
	const STATUS_TIMEOUT = 5;

	/** @var string */
	private $server;
	/** @var string */
	private $token;

	public function __construct( $server, $token = '' ) {
		$this->server = untrailingslashit( (string) $server );
		$this->token  = (string) $token;
	}

	/** Registers the store; 201 {shopId, publicKey, pluginToken, apiBase, authorizeUrl}. */
	public function connect( array $store ) {
		$answer = $this->request( 'POST', '/api/woocommerce/connect', $store, array( 201 ) );
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		foreach ( array( 'shopId', 'publicKey', 'pluginToken', 'apiBase', 'authorizeUrl' ) as $field ) {
			if ( empty( $answer[ $field ] ) || ! is_string( $answer[ $field ] ) ) {
				/* translators: %s: a field name of the server's answer */
				return new WP_Error( 'palompy_bad_answer', sprintf( __( 'The Palompy server answered without "%s".', 'palompy' ), $field ) );
			}
		}
		return $answer;
	}

	public function submit_keys( $consumer_key, $consumer_secret ) {
		return $this->request(
			'POST',
			'/api/woocommerce/keys',
			array(
				'consumerKey'    => $consumer_key,
				'consumerSecret' => $consumer_secret,
			)
		);
	}

	/** {connected, shopId, publicKey, sync: {state, done, total, lastSyncAt, error}} */
	public function status() {
		return $this->request( 'GET', '/api/woocommerce/status', null, array( 200 ), self::STATUS_TIMEOUT );
	}

	public function resync() {
		return $this->request( 'POST', '/api/woocommerce/resync', array(), array( 202 ) );
	}

	public function push_appearance( array $appearance ) {
		return $this->request( 'PUT', '/api/woocommerce/appearance', $appearance );
	}

	/**
	 * A one-time signed login to the merchant console: 201 {url, expiresAt}. Asked only when the
	 * merchant clicks the button (an admin-post action), so no page view mints a link nobody uses.
	 */
	public function console_link() {
		return $this->request( 'POST', '/api/woocommerce/console-link', array(), array( 201 ) );
	}

	/**
	 * Reports an order for attribution (Palompy_Orders::payload()): 201 the first time, 200 again.
	 *
	 * @param array $order The order's ids, money and quantities.
	 */
	public function report_order( array $order ) {
		return $this->request( 'POST', '/api/woocommerce/orders', $order, array( 200, 201 ) );
	}

	public function delete_shop() {
		return $this->request( 'DELETE', '/api/woocommerce/shop' );
	}

	/**
	 * @param string     $method   HTTP method.
	 * @param string     $path     Path under the server URL.
	 * @param array|null $body     JSON body.
	 * @param int[]      $expected Status codes that mean success.
	 * @param int        $timeout  Seconds.
	 * @return array|WP_Error The decoded JSON answer.
	 */
	private function request( $method, $path, $body = null, $expected = array( 200 ), $timeout = self::TIMEOUT ) {
		if ( '' === $this->server ) {
			return new WP_Error( 'palompy_no_server', __( 'Set the Palompy server URL first.', 'palompy' ) );
		}
		$headers = array(
			'Accept'     => 'application/json',
			'User-Agent' => 'Palompy-WooCommerce/' . PALOMPY_VERSION . '; ' . home_url( '/' ),
		);
		if ( '' !== $this->token ) {
			$headers['Authorization'] = 'Bearer ' . $this->token;
		}
		$args = array(
			'method'      => $method,
			'timeout'     => $timeout,
			'redirection' => 0,
			'headers'     => $headers,
		);
		if ( null !== $body ) {
			$args['headers']['Content-Type'] = 'application/json';
			$args['body']                    = wp_json_encode( (object) $body );
		}

		$url      = $this->server . $path;
		$response = wp_safe_remote_request( $url, $args );
		if ( is_wp_error( $response ) ) {
			$refused = self::refused_by_wordpress( $url );
			if ( null !== $refused ) {
				return $refused;
			}
			/* translators: %s: the transport's error message */
			return new WP_Error( 'palompy_unreachable', sprintf( __( 'The Palompy server could not be reached: %s', 'palompy' ), $response->get_error_message() ) );
		}

		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( in_array( $status, $expected, true ) ) {
			return is_array( $decoded ) ? $decoded : array();
		}

		$error  = is_array( $decoded ) && isset( $decoded['error'] ) && is_array( $decoded['error'] ) ? $decoded['error'] : array();
		$code   = isset( $error['code'] ) && is_string( $error['code'] ) ? sanitize_key( $error['code'] ) : '';
		$field  = isset( $error['field'] ) && is_string( $error['field'] ) ? $error['field'] : null;
		$server = isset( $error['message'] ) && is_string( $error['message'] ) ? $error['message'] : '';
		return new WP_Error(
			'' !== $code ? 'palompy_' . $code : 'palompy_http_' . $status,
			self::message_for( $code, $status, $server, $field ),
			array(
				'status'  => $status,
				'field'   => $field,
				'message' => $server,
			)
		);
	}

	/**
	 * The merchant reads the plugin's own (translated) words for the errors the server names by
	 * code; the server's English message is shown only for codes this version does not know.
	 *
	 * @param string      $code   The server's error code.
	 * @param int         $status HTTP status.
	 * @param string      $server The server's message.
	 * @param string|null $field  The field the server named.
	 */
	public static function message_for( $code, $status, $server, $field ) {
		switch ( $code ) {
			case 'already_connected':
				return __( 'This Palompy server already has a shop for this store, but this site no longer holds the token that proves it is the same store (the plugin was deleted while the server was unreachable, or the database was restored from a backup). Ask the operator of the Palompy server to delete the old shop, then click Connect again.', 'palompy' );
			case 'registration_closed':
				return __( 'This Palompy server does not accept new stores. Ask its operator to open registration, or use another Palompy server.', 'palompy' );
			case 'unauthorized':
				return __( 'The Palompy server no longer knows this store (its shop was deleted there). Click Connect to register the store again.', 'palompy' );
			case 'keys_rejected':
				return __( 'WooCommerce refused these keys. Copy the consumer key and secret of a Read/Write key created on this store and try again.', 'palompy' );
			case 'not_connected':
				return __( 'The store has not given Palompy a key yet: approve the access in WooCommerce or paste a key below first.', 'palompy' );
			case 'not_proven':
				return __( 'This site is taking over an existing Palompy connection and has not proven it is the store yet: paste a new WooCommerce key below first.', 'palompy' );
			case 'woocommerce_disabled':
				return __( 'The Palompy server has its WooCommerce connector switched off (PALOMPY_SECRET_KEY is not set there). Ask its operator to set it.', 'palompy' );
			case 'rate_limited':
				return __( 'The Palompy server is receiving too many requests from this site. Wait a minute and try again.', 'palompy' );
			case 'invalid_field':
			case 'invalid_body':
				if ( null !== $field ) {
					/* translators: 1: the name of the field, 2: the server's explanation (English) */
					return sprintf( __( 'The Palompy server refused the value of "%1$s": %2$s', 'palompy' ), $field, $server );
				}
				break;
		}
		if ( '' !== $server ) {
			return $server;
		}
		/* translators: %d: HTTP status code */
		return sprintf( __( 'The Palompy server answered with HTTP %d.', 'palompy' ), $status );
	}

	/**
	 * WordPress's safe HTTP functions refuse some addresses before any request is made and say only
	 * "A valid URL was not provided.": name the reason and what to do.
	 *
	 * @param string $url The address that failed.
	 * @return WP_Error|null
	 */
	public static function refused_by_wordpress( $url ) {
		if ( false !== wp_http_validate_url( $url ) ) {
			return null;
		}
		$parts = wp_parse_url( $url );
		$port  = isset( $parts['port'] ) ? (int) $parts['port'] : null;
		/** This filter is documented in wp-includes/http.php */
		$allowed = (array) apply_filters( 'http_allowed_safe_ports', array( 80, 443, 8080 ), isset( $parts['host'] ) ? $parts['host'] : '', $url );
		if ( null !== $port && ! in_array( $port, array_map( 'intval', $allowed ), true ) ) {
			return new WP_Error(
				'palompy_port_refused',
				/* translators: 1: the port number, 2: the ports WordPress allows */
				sprintf( __( 'WordPress refuses to connect to port %1$d: its safe HTTP functions only reach ports %2$s. Serve the Palompy server on https:// (port 443), or allow the port with the http_allowed_safe_ports filter (see the plugin\'s FAQ).', 'palompy' ), $port, implode( ', ', array_map( 'intval', $allowed ) ) )
			);
		}
		return new WP_Error(
			'palompy_address_refused',
			__( 'WordPress refuses to connect to this address: it is a private or loopback address, or it has a user name or password in it. Use the Palompy server\'s public https:// address.', 'palompy' )
		);
	}
}
