<?php
/** The real Palompy server (the built app) the real-WooCommerce suite runs against. */
final class Palompy_Server {
	public static function url( $path = '' ) {
		return getenv( 'PALOMPY_SERVER_URL' ) . $path;
	}

	/** @return array{status:int, body:mixed} */
	public static function request( $method, $path, $body = null, array $headers = array() ) {
		$curl = curl_init( self::url( $path ) );
		$list = array( 'Accept: application/json' );
		foreach ( $headers as $name => $value ) {
			$list[] = "$name: $value";
		}
		$options = array(
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_CUSTOMREQUEST  => $method,
			CURLOPT_TIMEOUT        => 60,
		);
		if ( null !== $body ) {
			$list[]                       = 'Content-Type: application/json';
			$options[ CURLOPT_POSTFIELDS ] = json_encode( $body );
		}
		$options[ CURLOPT_HTTPHEADER ] = $list;
		curl_setopt_array( $curl, $options );
		$text = curl_exec( $curl );
		if ( false === $text ) {
			throw new RuntimeException( "$method $path: " . curl_error( $curl ) );
		}
		$status = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return array( 'status' => $status, 'body' => json_decode( $text, true ) );
	}

	/** The operator's admin API (PALOMPY_ADMIN_TOKEN). */
	public static function admin( $method, $path, $body = null ) {
		return self::request( $method, $path, $body, array( 'Authorization' => 'Bearer ' . getenv( 'PALOMPY_SERVER_ADMIN_TOKEN' ) ) );
	}

	/** A shopper's question in the widget's chat: {answer, sources}. */
	public static function chat( $public_key, $message ) {
		$answer = self::request(
			'POST',
			'/api/chat',
			array(
				'shopPublicKey' => $public_key,
				'sessionId'     => wp_generate_uuid4(),
				'message'       => $message,
				'lang'          => 'en',
			)
		);
		if ( 200 !== $answer['status'] ) {
			throw new RuntimeException( 'POST /api/chat answered ' . $answer['status'] . ': ' . json_encode( $answer['body'] ) );
		}
		return $answer['body'];
	}

	/** The shop's product knowledge as the console lists it: product id (int) => price. */
	public static function products( $shop_id ) {
		$answer = self::admin( 'GET', "/api/shops/$shop_id/knowledge?sourceType=product&pageSize=200" );
		if ( 200 !== $answer['status'] ) {
			throw new RuntimeException( 'knowledge list answered ' . $answer['status'] );
		}
		$out = array();
		foreach ( $answer['body']['items'] as $item ) {
			$out[ (int) $item['sourceId'] ] = $item['price'];
		}
		ksort( $out );
		return $out;
	}

	/** Waits until $check returns something truthy (the server works in the background). */
	public static function wait_for( callable $check, $what, $seconds = 60 ) {
		$until = microtime( true ) + $seconds;
		do {
			$value = $check();
			if ( $value ) {
				return $value;
			}
			usleep( 200000 );
		} while ( microtime( true ) < $until );
		throw new RuntimeException( "timed out waiting for $what" );
	}
}
