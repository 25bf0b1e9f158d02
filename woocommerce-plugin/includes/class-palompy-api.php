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

		$response = wp_safe_remote_request( $this->server . $path, $args );
		if ( is_wp_error( $response ) ) {
			/* translators: %s: the transport's error message */
			return new WP_Error( 'palompy_unreachable', sprintf( __( 'The Palompy server could not be reached: %s', 'palompy' ), $response->get_error_message() ) );
		}

		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( in_array( $status, $expected, true ) ) {
			return is_array( $decoded ) ? $decoded : array();
		}

		$error = is_array( $decoded ) && isset( $decoded['error'] ) && is_array( $decoded['error'] ) ? $decoded['error'] : array();
		$message = isset( $error['message'] ) && is_string( $error['message'] )
			? $error['message']
			/* translators: %d: HTTP status code */
			: sprintf( __( 'The Palompy server answered with HTTP %d.', 'palompy' ), $status );
		return new WP_Error(
			isset( $error['code'] ) && is_string( $error['code'] ) ? 'palompy_' . sanitize_key( $error['code'] ) : 'palompy_http_' . $status,
			$message,
			array(
				'status' => $status,
				'field'  => isset( $error['field'] ) && is_string( $error['field'] ) ? $error['field'] : null,
			)
		);
	}
}
