<?php
/**
 * The plugin's stored state: merchant settings (Settings API, sanitised) and the connection the
 * Palompy server handed out. The plugin token lives in its own option that is never autoloaded
 * and never printed.
 *
 * @package Palompy
 */

defined( 'ABSPATH' ) || exit;

final class Palompy_Settings {
	const OPTION       = 'palompy_settings';
	const CONNECTION   = 'palompy_connection';
	const TOKEN        = 'palompy_plugin_token';
	const GROUP        = 'palompy';
	const MAX_PROMPTS  = 6;
	const MAX_PROMPT   = 120;
	const MAX_GREETING = 300;

	/** Every option the plugin writes; uninstall.php removes exactly these. */
	public static function option_names() {
		return array( self::OPTION, self::CONNECTION, self::TOKEN );
	}

	public static function defaults() {
		return array(
			'server_url'    => defined( 'PALOMPY_SERVER_URL' ) ? untrailingslashit( (string) PALOMPY_SERVER_URL ) : '',
			'greeting'      => '',
			'color'         => '',
			'position'      => 'right',
			'quick_prompts' => array(),
		);
	}

	public static function get() {
		$stored = get_option( self::OPTION, array() );
		$merged = self::defaults();
		if ( is_array( $stored ) ) {
			foreach ( $merged as $key => $default ) {
				if ( isset( $stored[ $key ] ) && gettype( $stored[ $key ] ) === gettype( $default ) ) {
					$merged[ $key ] = $stored[ $key ];
				}
			}
		}
		return $merged;
	}

	/**
	 * Settings API sanitize callback. Invalid values keep the previous value and say why, so a typo
	 * never wipes a working configuration.
	 *
	 * @param mixed $input Raw form input.
	 */
	public static function sanitize( $input ) {
		$current = self::get();
		if ( ! is_array( $input ) ) {
			return $current;
		}
		$clean = $current;

		if ( isset( $input['server_url'] ) ) {
			$url        = self::sanitize_server_url( $input['server_url'] );
			$connection = self::connection();
			if ( null === $url ) {
				self::error( 'server_url', __( 'The Palompy server URL must be a web address starting with http:// or https://, such as https://palompy.example.com.', 'palompy' ) );
			} elseif ( self::is_registered() && $url !== $connection['server_url'] ) {
				// The store's shop, token and webhooks live on the server it was registered with:
				// saving another address would leave the page showing "Connected" to the old one.
				self::error(
					'server_url',
					/* translators: %s: the Palompy server URL the store is connected to */
					sprintf( __( 'This store is connected to the Palompy server at %s. Click "Disconnect" first, then change the server URL and connect again.', 'palompy' ), $connection['server_url'] )
				);
			} else {
				$clean['server_url'] = $url;
			}
		}

		if ( isset( $input['greeting'] ) && is_string( $input['greeting'] ) ) {
			$clean['greeting'] = self::truncate( sanitize_text_field( $input['greeting'] ), self::MAX_GREETING );
		}

		if ( isset( $input['color'] ) && is_string( $input['color'] ) ) {
			$raw   = trim( $input['color'] );
			$color = '' === $raw ? '' : sanitize_hex_color( $raw );
			if ( null === $color || ( '' !== $raw && '' === $color ) ) {
				self::error( 'color', __( 'The colour must be a hex colour such as #2456d6.', 'palompy' ) );
			} else {
				$clean['color'] = (string) $color;
			}
		}

		if ( isset( $input['position'] ) ) {
			$clean['position'] = in_array( $input['position'], array( 'right', 'left' ), true ) ? $input['position'] : 'right';
		}

		if ( isset( $input['quick_prompts'] ) ) {
			$clean['quick_prompts'] = self::sanitize_prompts( $input['quick_prompts'] );
		}

		return $clean;
	}

	/** @return string|null The URL without a trailing slash, '' when cleared, null when invalid. */
	public static function sanitize_server_url( $raw ) {
		if ( ! is_string( $raw ) ) {
			return null;
		}
		$raw = trim( $raw );
		if ( '' === $raw ) {
			return '';
		}
		// esc_url_raw() alone would turn "not a url" into http://not%20a%20url: the scheme must be
		// typed, and the host must be a host name or an IP address.
		if ( ! preg_match( '#^https?://#i', $raw ) || false === filter_var( $raw, FILTER_VALIDATE_URL ) ) {
			return null;
		}
		$parsed = wp_parse_url( $raw );
		if ( ! is_array( $parsed ) || empty( $parsed['host'] ) || isset( $parsed['user'] ) || isset( $parsed['pass'] ) || isset( $parsed['query'] ) || isset( $parsed['fragment'] )
			|| ! preg_match( '/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i', $parsed['host'] ) ) {
			return null;
		}
		$url = esc_url_raw( $raw, array( 'http', 'https' ) );
		return '' === $url ? null : untrailingslashit( $url );
	}

	/**
	 * Quick prompts come from a textarea (one a line) or, when the option already holds them, as an array.
	 *
	 * @param mixed $raw Textarea text or array of strings.
	 */
	public static function sanitize_prompts( $raw ) {
		$lines = is_array( $raw ) ? $raw : preg_split( '/\r\n|\r|\n/', (string) $raw );
		$out   = array();
		foreach ( $lines as $line ) {
			if ( ! is_string( $line ) ) {
				continue;
			}
			$line = self::truncate( sanitize_text_field( $line ), self::MAX_PROMPT );
			if ( '' !== $line ) {
				$out[] = $line;
			}
		}
		return array_slice( $out, 0, self::MAX_PROMPTS );
	}

	/**
	 * The appearance in the backend's shape (PUT /api/woocommerce/appearance).
	 *
	 * @param array       $settings Merchant settings.
	 * @param string|null $language The site's language now ("ru", "en"): the quick prompts are in
	 *                              it, whatever language the site had when it connected.
	 */
	public static function appearance_payload( array $settings, $language = null ) {
		$payload = array(
			'position'     => $settings['position'],
			'quickPrompts' => array_values( $settings['quick_prompts'] ),
		);
		if ( null !== $language ) {
			$payload['language'] = $language;
		}
		if ( '' !== $settings['greeting'] ) {
			$payload['greeting'] = $settings['greeting'];
		}
		if ( '' !== $settings['color'] ) {
			$payload['color'] = $settings['color'];
		}
		return $payload;
	}

	public static function connection() {
		$stored = get_option( self::CONNECTION, array() );
		$empty  = array(
			'server_url' => '',
			'shop_id'    => '',
			'public_key' => '',
			'api_base'   => '',
			'connected'  => false,
			'sync'       => null,
			'checked_at' => 0,
			// woocommerce_api_keys ids of keys pasted into the plugin (revoked on uninstall).
			'key_ids'    => array(),
			// This registration is a claim on a shop the store already proved it owns (the plugin token
			// was lost): it can only prove the store with new keys before expires_at (ISO 8601).
			'takeover'   => false,
			'expires_at' => '',
		);
		return is_array( $stored ) ? array_merge( $empty, array_intersect_key( $stored, $empty ) ) : $empty;
	}

	public static function save_connection( array $connection ) {
		update_option( self::CONNECTION, $connection );
	}

	public static function token() {
		return (string) get_option( self::TOKEN, '' );
	}

	public static function save_token( $token ) {
		// Not autoloaded: only admin actions and uninstall need it, never a storefront page.
		delete_option( self::TOKEN );
		add_option( self::TOKEN, (string) $token, '', 'no' );
	}

	/** A shop is registered with the backend (it may still wait for WooCommerce's key approval). */
	public static function is_registered() {
		$connection = self::connection();
		return '' !== $connection['public_key'] && '' !== self::token();
	}

	/** Forgets the connection and the token (Disconnect, after the server was asked to delete the shop). */
	public static function forget_connection() {
		delete_option( self::CONNECTION );
		delete_option( self::TOKEN );
	}

	/** The backend holds the store's keys: the widget may go on the storefront. */
	public static function is_connected() {
		$connection = self::connection();
		return true === $connection['connected'] && '' !== $connection['public_key'] && '' !== $connection['api_base'];
	}

	private static function truncate( $text, $max ) {
		return function_exists( 'mb_substr' ) ? mb_substr( $text, 0, $max ) : substr( $text, 0, $max );
	}

	private static function error( $field, $message ) {
		if ( ! function_exists( 'add_settings_error' ) ) {
			return; // Saved outside wp-admin (a script): the value is still kept clean.
		}
		add_settings_error( self::OPTION, 'palompy_' . $field, $message, 'error' );
	}
}
