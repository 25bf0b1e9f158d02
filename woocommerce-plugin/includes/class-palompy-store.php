<?php
/**
 * What the plugin can see and do inside WooCommerce itself, without asking the Palompy server:
 * the health of the webhooks that deliver to Palompy, the REST API keys Palompy was given, and the
 * product field that tells Palompy a product is behind a password.
 *
 * @package Palompy
 */

defined( 'ABSPATH' ) || exit;

final class Palompy_Store {
	/** The topics the Palompy server subscribes to. */
	const TOPICS = array( 'product.created', 'product.updated', 'product.deleted', 'product.restored' );
	/** WooCommerce names the keys its approval screen creates "<app name> - API (<date>)". */
	const APPROVED_KEY_PREFIX = 'Palompy - API (';

	public static function boot() {
		add_filter( 'woocommerce_rest_prepare_product_object', array( __CLASS__, 'add_password_flag' ), 10, 2 );
	}

	/**
	 * WooCommerce's product JSON does not say whether a product is behind a password, and the
	 * assistant must not quote what its page hides. Webhook payloads are built by the same REST
	 * controller, so they carry the flag too.
	 *
	 * @param WP_REST_Response $response The product's REST answer.
	 * @param WC_Product       $product  The product.
	 */
	public static function add_password_flag( $response, $product ) {
		if ( $response instanceof WP_REST_Response && $product instanceof WC_Product ) {
			$data                       = $response->get_data();
			$data['password_protected'] = '' !== (string) $product->get_post_password();
			$response->set_data( $data );
		}
		return $response;
	}

	/** WooCommerce's webhook store is there to read (not on a site without WooCommerce). */
	public static function can_read_webhooks() {
		return class_exists( 'WC_Data_Store' ) && function_exists( 'wc_get_webhook' );
	}

	/** Where the Palompy server asked WooCommerce to deliver this shop's product events. */
	public static function delivery_url( array $connection ) {
		return '' === $connection['api_base'] || '' === $connection['shop_id'] ? '' : $connection['api_base'] . '/webhooks/woocommerce/' . $connection['shop_id'];
	}

	/**
	 * Palompy's webhooks in this store: topic => {id, status, failures}.
	 *
	 * @param array $connection Palompy_Settings::connection().
	 * @return array<string, array{id:int, status:string, failures:int}>
	 */
	public static function webhooks( array $connection ) {
		$url = self::delivery_url( $connection );
		if ( '' === $url || ! self::can_read_webhooks() ) {
			return array();
		}
		$out = array();
		foreach ( WC_Data_Store::load( 'webhook' )->search_webhooks( array( 'limit' => -1 ) ) as $id ) {
			$hook = wc_get_webhook( $id );
			if ( $hook && $hook->get_delivery_url() === $url ) {
				$out[ $hook->get_topic() ] = array(
					'id'       => (int) $hook->get_id(),
					'status'   => (string) $hook->get_status(),
					'failures' => (int) $hook->get_failure_count(),
				);
			}
		}
		ksort( $out );
		return $out;
	}

	/**
	 * What is wrong with Palompy's webhooks: topics missing, and topics WooCommerce disabled or
	 * paused (it disables a webhook after more than 5 failed deliveries and never retries).
	 *
	 * @return array{missing:string[], inactive:string[]}
	 */
	public static function webhook_problems( array $webhooks ) {
		$problems = array(
			'missing'  => array(),
			'inactive' => array(),
		);
		foreach ( self::TOPICS as $topic ) {
			if ( ! isset( $webhooks[ $topic ] ) ) {
				$problems['missing'][] = $topic;
			} elseif ( 'active' !== $webhooks[ $topic ]['status'] ) {
				$problems['inactive'][] = $topic;
			}
		}
		return $problems;
	}

	/** Deletes Palompy's webhooks for this shop from WooCommerce; returns how many. */
	public static function delete_webhooks( array $connection ) {
		$deleted = 0;
		foreach ( self::webhooks( $connection ) as $hook ) {
			$webhook = wc_get_webhook( $hook['id'] );
			if ( $webhook && $webhook->delete( true ) ) {
				++$deleted;
			}
		}
		return $deleted;
	}

	/** The woocommerce_api_keys row id of a consumer key this store issued, or 0. */
	public static function key_id_of( $consumer_key ) {
		global $wpdb;
		if ( ! function_exists( 'wc_api_hash' ) ) {
			return 0;
		}
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT key_id FROM {$wpdb->prefix}woocommerce_api_keys WHERE consumer_key = %s", wc_api_hash( $consumer_key ) ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}

	/**
	 * The REST API keys Palompy holds: the ones pasted into this plugin, and the ones WooCommerce's
	 * approval screen created for the "Palompy" app.
	 *
	 * @param int[] $pasted Key ids recorded when keys were pasted.
	 * @return array<int, array{key_id:int, description:string, truncated_key:string}>
	 */
	public static function palompy_keys( array $pasted ) {
		global $wpdb;
		$table = $wpdb->prefix . 'woocommerce_api_keys';
		if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ) !== $table ) { // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			return array();
		}
		$ids   = array_map( 'intval', $pasted );
		$where = $wpdb->prepare( 'description LIKE %s', $wpdb->esc_like( self::APPROVED_KEY_PREFIX ) . '%' );
		if ( $ids ) {
			$where .= ' OR key_id IN (' . implode( ',', $ids ) . ')';
		}
		return $wpdb->get_results( "SELECT key_id, description, truncated_key FROM {$table} WHERE {$where} ORDER BY key_id", ARRAY_A ); // phpcs:ignore WordPress.DB
	}

	/**
	 * Revokes Palompy's REST API keys (uninstall: the Palompy server must not keep read/write access
	 * to the store). Returns the keys deleted, as WooCommerce lists them ("…" + last 7 characters).
	 *
	 * @param int[] $pasted Key ids recorded when keys were pasted.
	 * @return string[]
	 */
	public static function revoke_keys( array $pasted ) {
		global $wpdb;
		$revoked = array();
		foreach ( self::palompy_keys( $pasted ) as $key ) {
			if ( $wpdb->delete( $wpdb->prefix . 'woocommerce_api_keys', array( 'key_id' => (int) $key['key_id'] ), array( '%d' ) ) ) { // phpcs:ignore WordPress.DB.DirectDatabaseQuery
				$revoked[] = $key['description'] . ' (…' . $key['truncated_key'] . ')';
			}
		}
		return $revoked;
	}
}
