<?php
/**
 * A fake Palompy server for the plugin tests, served by `php -S` on 127.0.0.1. It follows the
 * plugin ↔ backend contract (/api/woocommerce/*, JSON, errors as {"error":{code,message,field}}),
 * keeps its shops in a JSON file and logs every request it receives (requests.jsonl) so the tests
 * can check what the plugin sent. It also takes WooCommerce's key-approval callback, which the
 * tests post the way WooCommerce would.
 */

$palompy_dir = getenv( 'PALOMPY_FAKE_STATE' );
if ( ! $palompy_dir || ! is_dir( $palompy_dir ) ) {
	http_response_code( 500 );
	exit( 'PALOMPY_FAKE_STATE is not a folder' );
}

$method  = $_SERVER['REQUEST_METHOD'];
$path    = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$raw     = (string) file_get_contents( 'php://input' );
$headers = array_change_key_case( getallheaders(), CASE_LOWER );
// The URL the server tells others to use: https behind a TLS proxy in production. The tests choose
// it by writing public-url.txt; without it, the loopback http address.
$base = is_file( $palompy_dir . '/public-url.txt' ) ? trim( (string) file_get_contents( $palompy_dir . '/public-url.txt' ) ) : 'http://' . $_SERVER['HTTP_HOST'];

file_put_contents(
	$palompy_dir . '/requests.jsonl',
	json_encode(
		array(
			'method'        => $method,
			'path'          => $path,
			'authorization' => isset( $headers['authorization'] ) ? $headers['authorization'] : null,
			'contentType'   => isset( $headers['content-type'] ) ? $headers['content-type'] : null,
			'userAgent'     => isset( $headers['user-agent'] ) ? $headers['user-agent'] : null,
			'body'          => $raw,
		)
	) . "\n",
	FILE_APPEND | LOCK_EX
);

function fake_answer( $status, $body ) {
	http_response_code( $status );
	header( 'Content-Type: application/json; charset=utf-8' );
	echo json_encode( $body );
	exit;
}

function fake_error( $status, $code, $message, $field = null ) {
	$error = array( 'code' => $code, 'message' => $message );
	if ( null !== $field ) {
		$error['field'] = $field;
	}
	fake_answer( $status, array( 'error' => $error ) );
}

function fake_uuid() {
	$b    = random_bytes( 16 );
	$b[6] = chr( ord( $b[6] ) & 0x0f | 0x40 );
	$b[8] = chr( ord( $b[8] ) & 0x3f | 0x80 );
	return vsprintf( '%s%s-%s-%s-%s-%s%s%s', str_split( bin2hex( $b ), 4 ) );
}

function fake_is_url( $value ) {
	return is_string( $value ) && filter_var( $value, FILTER_VALIDATE_URL ) && preg_match( '#^https?://#', $value );
}

/** Runs $change on the shops under an exclusive lock and saves what it returns. */
function fake_with_state( $dir, callable $change ) {
	$handle = fopen( $dir . '/backend.json', 'c+' );
	flock( $handle, LOCK_EX );
	$text  = stream_get_contents( $handle );
	$shops = $text ? json_decode( $text, true ) : array();
	list( $shops, $result ) = $change( $shops );
	ftruncate( $handle, 0 );
	rewind( $handle );
	fwrite( $handle, json_encode( $shops ) );
	flock( $handle, LOCK_UN );
	fclose( $handle );
	return $result;
}

function fake_connected_sync() {
	return array( 'state' => 'done', 'done' => 12, 'total' => 12, 'lastSyncAt' => gmdate( 'Y-m-d\TH:i:s\Z' ), 'lastReconciledAt' => null, 'products' => 12, 'error' => null );
}

$body = null;
if ( '' !== $raw && 0 === strpos( (string) ( isset( $headers['content-type'] ) ? $headers['content-type'] : '' ), 'application/json' ) ) {
	$body = json_decode( $raw, true );
	if ( ! is_array( $body ) ) {
		fake_error( 400, 'invalid_json', 'The body is not a JSON object.' );
	}
}


$token = preg_match( '/^Bearer (\S+)$/', isset( $headers['authorization'] ) ? $headers['authorization'] : '', $m ) ? $m[1] : null;

if ( 'POST' === $method && '/api/woocommerce/connect' === $path ) {
	if ( ! is_array( $body ) ) {
		fake_error( 415, 'unsupported_media_type', 'Send JSON.' );
	}
	foreach ( array( 'siteUrl', 'returnUrl' ) as $field ) {
		if ( ! isset( $body[ $field ] ) || ! fake_is_url( $body[ $field ] ) ) {
			fake_error( 400, 'invalid_body', "$field must be an http(s) URL", $field );
		}
	}
	foreach ( array( 'storeName', 'pluginVersion' ) as $field ) {
		if ( ! isset( $body[ $field ] ) || ! is_string( $body[ $field ] ) || '' === trim( $body[ $field ] ) ) {
			fake_error( 400, 'invalid_body', "$field is required", $field );
		}
	}
	if ( isset( $body['adminEmail'] ) && ! filter_var( $body['adminEmail'], FILTER_VALIDATE_EMAIL ) ) {
		fake_error( 400, 'invalid_body', 'adminEmail must be an email address', 'adminEmail' );
	}
	$shop = array(
		'shopId'     => fake_uuid(),
		'publicKey'  => fake_uuid(),
		'siteUrl'    => $body['siteUrl'],
		'storeName'  => $body['storeName'],
		'connected'  => false,
		'keys'       => null,
		'appearance' => null,
		'sync'       => array( 'state' => 'idle', 'done' => 0, 'total' => 0, 'lastSyncAt' => null, 'lastReconciledAt' => null, 'products' => 0, 'error' => null ),
	);
	// The same store presenting its plugin token gets its shop back (a reconnect); without it, a
	// store that is already registered is refused, as the real server does.
	list( $plugin_token, $shop, $taken ) = fake_with_state(
		$palompy_dir,
		static function ( $shops ) use ( $token, $shop ) {
			if ( null !== $token && isset( $shops[ $token ] ) && $shops[ $token ]['siteUrl'] === $shop['siteUrl'] ) {
				return array( $shops, array( $token, $shops[ $token ], false ) );
			}
			foreach ( $shops as $existing ) {
				if ( $existing['siteUrl'] === $shop['siteUrl'] && $existing['connected'] ) {
					return array( $shops, array( null, null, true ) );
				}
			}
			$new_token           = bin2hex( random_bytes( 24 ) );
			$shops[ $new_token ] = $shop;
			return array( $shops, array( $new_token, $shop, false ) );
		}
	);
	if ( $taken ) {
		fake_error( 409, 'already_connected', 'This store is already connected to Palompy. Present its plugin token to reconnect.', 'siteUrl' );
	}
	$authorize = rtrim( $body['siteUrl'], '/' ) . '/wc-auth/v1/authorize?' . http_build_query(
		array(
			'app_name'     => 'Palompy',
			'scope'        => 'read',
			'user_id'      => $shop['shopId'],
			'return_url'   => $body['returnUrl'],
			'callback_url' => $base . '/api/woocommerce/auth-callback',
		)
	);
	fake_answer(
		201,
		array(
			'shopId'       => $shop['shopId'],
			'publicKey'    => $shop['publicKey'],
			'pluginToken'  => $plugin_token,
			'apiBase'      => $base,
			'authorizeUrl' => $authorize,
		)
	);
}

// WooCommerce's key-approval callback: the keys for the shop named by user_id.
if ( 'POST' === $method && '/api/woocommerce/auth-callback' === $path ) {
	$found = fake_with_state(
		$palompy_dir,
		static function ( $shops ) use ( $body ) {
			foreach ( $shops as $t => $shop ) {
				if ( is_array( $body ) && isset( $body['user_id'] ) && $shop['shopId'] === $body['user_id'] ) {
					$shops[ $t ]['keys']      = array( $body['consumer_key'], $body['consumer_secret'] );
					$shops[ $t ]['connected'] = true;
					$shops[ $t ]['sync']      = fake_connected_sync();
					return array( $shops, true );
				}
			}
			return array( $shops, false );
		}
	);
	$found ? fake_answer( 200, array( 'ok' => true ) ) : fake_error( 404, 'not_found', 'Unknown user_id', 'user_id' );
}

if ( 0 === strpos( $path, '/api/woocommerce/' ) ) {
	$shop = fake_with_state(
		$palompy_dir,
		static function ( $shops ) use ( $token ) {
			return array( $shops, null !== $token && isset( $shops[ $token ] ) ? $shops[ $token ] : null );
		}
	);
	if ( null === $shop ) {
		fake_error( 401, 'unauthorized', 'A valid plugin token is required.' );
	}
	$update = static function ( array $changes ) use ( $palompy_dir, $token ) {
		fake_with_state(
			$palompy_dir,
			static function ( $shops ) use ( $token, $changes ) {
				$shops[ $token ] = array_merge( $shops[ $token ], $changes );
				return array( $shops, null );
			}
		);
	};

	if ( 'POST' === $method && '/api/woocommerce/keys' === $path ) {
		if ( ! isset( $body['consumerKey'] ) || ! preg_match( '/^ck_[0-9a-f]{40}$/', (string) $body['consumerKey'] ) ) {
			fake_error( 400, 'invalid_body', 'consumerKey must be a WooCommerce consumer key', 'consumerKey' );
		}
		if ( ! isset( $body['consumerSecret'] ) || ! preg_match( '/^cs_[0-9a-f]{40}$/', (string) $body['consumerSecret'] ) ) {
			fake_error( 400, 'invalid_body', 'consumerSecret must be a WooCommerce consumer secret', 'consumerSecret' );
		}
		if ( 'ck_' . str_repeat( '0', 40 ) === $body['consumerKey'] ) {
			fake_error( 422, 'keys_rejected', 'WooCommerce refused these keys (401).', 'consumerKey' );
		}
		$update( array( 'keys' => array( $body['consumerKey'], $body['consumerSecret'] ), 'connected' => true, 'sync' => fake_connected_sync() ) );
		fake_answer( 200, array( 'connected' => true ) );
	}
	if ( 'GET' === $method && '/api/woocommerce/status' === $path ) {
		fake_answer( 200, array( 'connected' => $shop['connected'], 'shopId' => $shop['shopId'], 'publicKey' => $shop['publicKey'], 'sync' => $shop['sync'] ) );
	}
	if ( 'POST' === $method && '/api/woocommerce/resync' === $path ) {
		if ( ! $shop['connected'] ) {
			fake_error( 409, 'not_connected', 'The store has not approved access yet.' );
		}
		// The reconciliation itself is not faked: it has run by the next status request, removing one product.
		$update( array( 'sync' => array_merge( $shop['sync'], array( 'state' => 'done', 'lastReconciledAt' => gmdate( 'Y-m-d\TH:i:s\Z' ), 'products' => $shop['sync']['products'] - 1 ) ) ) );
		fake_answer( 202, array( 'jobId' => fake_uuid() ) );
	}
	if ( 'PUT' === $method && '/api/woocommerce/appearance' === $path ) {
		if ( isset( $body['greeting'] ) && ( ! is_string( $body['greeting'] ) || strlen( $body['greeting'] ) > 1200 ) ) {
			fake_error( 400, 'invalid_body', 'greeting must be a short string', 'greeting' );
		}
		if ( isset( $body['color'] ) && ! preg_match( '/^#([0-9a-f]{3}){1,2}$/i', (string) $body['color'] ) ) {
			fake_error( 400, 'invalid_body', 'color must be a hex colour', 'color' );
		}
		if ( isset( $body['position'] ) && ! in_array( $body['position'], array( 'right', 'left' ), true ) ) {
			fake_error( 400, 'invalid_body', 'position must be right or left', 'position' );
		}
		if ( isset( $body['quickPrompts'] ) && ( ! is_array( $body['quickPrompts'] ) || count( $body['quickPrompts'] ) > 6 || count( array_filter( $body['quickPrompts'], 'is_string' ) ) !== count( $body['quickPrompts'] ) ) ) {
			fake_error( 400, 'invalid_body', 'quickPrompts must be up to 6 strings', 'quickPrompts' );
		}
		$update( array( 'appearance' => $body ) );
		fake_answer( 200, array( 'ok' => true ) );
	}
	if ( 'POST' === $method && '/api/woocommerce/console-link' === $path ) {
		fake_answer( 201, array( 'url' => $base . '/admin/login?token=' . bin2hex( random_bytes( 16 ) ), 'expiresAt' => gmdate( 'Y-m-d\TH:i:s\Z', time() + 300 ) ) );
	}
	if ( 'DELETE' === $method && '/api/woocommerce/shop' === $path ) {
		fake_with_state(
			$palompy_dir,
			static function ( $shops ) use ( $token ) {
				unset( $shops[ $token ] );
				return array( $shops, null );
			}
		);
		fake_answer( 200, array( 'deleted' => true ) );
	}
}

fake_error( 404, 'not_found', "No route for $method $path" );
