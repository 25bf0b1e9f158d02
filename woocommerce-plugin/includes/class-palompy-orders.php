<?php
/**
 * Ties orders to the conversations that helped make them (Palompy's Revenue page).
 *
 * The widget keeps the shopper's session id (and holdout group) in the browser's localStorage,
 * which PHP cannot read: on checkout pages a small script copies them into first-party cookies,
 * the checkout hooks (classic and block checkout) store them on the order, and the order is then
 * reported to the Palompy server through Action Scheduler — after the shopper's request, so a slow
 * or unreachable Palompy server never delays or breaks a checkout. Refunds and cancellations are
 * reported the same way. What is sent: the order id, total, currency, date, status and the line
 * items' product/variation ids and quantities; never the customer's name, address or email.
 *
 * @package Palompy
 */

defined( 'ABSPATH' ) || exit;

final class Palompy_Orders {
	const SESSION_COOKIE = 'palompy_sid';
	const HOLDOUT_COOKIE = 'palompy_holdout';
	const SESSION_META   = '_palompy_session_id';
	const HOLDOUT_META   = '_palompy_holdout_group';
	/** Set on orders placed through a checkout while connected: only those are reported. */
	const TRACKED_META = '_palompy_tracked';
	const REPORT_HOOK  = 'palompy_report_order';
	const GROUP        = 'palompy';
	const SCRIPT       = 'palompy-checkout';
	/** Attempts before a report is given up (and logged): about an hour of retries in all. */
	const MAX_ATTEMPTS = 6;
	/** The server's limit (app/revenue/order-input.ts). */
	const MAX_LINE_ITEMS = 250;

	public static function boot() {
		add_action( 'wp_enqueue_scripts', array( __CLASS__, 'enqueue_checkout_script' ) );
		add_action( 'woocommerce_checkout_order_processed', array( __CLASS__, 'classic_checkout' ), 10, 3 );
		add_action( 'woocommerce_store_api_checkout_order_processed', array( __CLASS__, 'track' ) );
		add_action( 'woocommerce_order_status_refunded', array( __CLASS__, 'status_changed' ) );
		add_action( 'woocommerce_order_status_cancelled', array( __CLASS__, 'status_changed' ) );
		add_action( self::REPORT_HOOK, array( __CLASS__, 'report' ), 10, 2 );
	}

	/* ---- The browser side ---- */

	public static function enqueue_checkout_script() {
		if ( is_admin() || ! Palompy_Plugin::woocommerce_active() || ! Palompy_Settings::is_connected() || ! function_exists( 'is_checkout' ) || ! is_checkout() ) {
			return;
		}
		wp_register_script( self::SCRIPT, false, array(), PALOMPY_VERSION, true );
		wp_enqueue_script( self::SCRIPT );
		wp_add_inline_script( self::SCRIPT, self::checkout_script( Palompy_Settings::connection()['public_key'] ) );
	}

	/**
	 * Copies the widget's session id and holdout group (as widget/src/shared/storage.ts and
	 * holdout.ts store them: JSON in localStorage, sessionStorage without consent) into cookies.
	 * Written at once and again on every click and submit, because the shopper may start chatting
	 * on the checkout page itself; only a UUID and a known group are ever written.
	 *
	 * @param string $public_key The shop's public key.
	 */
	public static function checkout_script( $public_key ) {
		$prefix = wp_json_encode( 'palompy:' . $public_key . ':' );
		$secure = is_ssl() ? ';secure' : '';
		return <<<JS
(function () {
	var prefix = {$prefix}, uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
	function read(key) {
		var areas = ['localStorage', 'sessionStorage'];
		for (var i = 0; i < areas.length; i++) {
			try { var raw = window[areas[i]].getItem(prefix + key); if (raw) return JSON.parse(raw); } catch (e) {}
		}
		return null;
	}
	function cookie(name, value) {
		document.cookie = name + '=' + value + ';path=/;max-age=86400;samesite=lax{$secure}';
	}
	function copy() {
		var sid = read('sid'), holdout = read('holdout');
		if (typeof sid === 'string' && uuid.test(sid)) cookie('palompy_sid', sid.toLowerCase());
		if (holdout && (holdout.group === 'treatment' || holdout.group === 'control')) cookie('palompy_holdout', holdout.group);
	}
	copy();
	document.addEventListener('click', copy, true);
	document.addEventListener('submit', copy, true);
})();
JS;
	}

	/* ---- At checkout ---- */

	/**
	 * @param int      $order_id    The new order's id.
	 * @param array    $posted_data The checkout form.
	 * @param WC_Order $order       The new order.
	 */
	public static function classic_checkout( $order_id, $posted_data = array(), $order = null ) {
		self::track( $order instanceof WC_Order ? $order : wc_get_order( $order_id ) );
	}

	/**
	 * Stores the shopper's session id and group on the order and queues its report.
	 *
	 * @param WC_Order|mixed $order The order just placed.
	 */
	public static function track( $order ) {
		if ( ! $order instanceof WC_Order || ! Palompy_Settings::is_connected() ) {
			return;
		}
		$session = self::session_from_cookie();
		$group   = self::holdout_from_cookie();
		if ( null !== $session ) {
			$order->update_meta_data( self::SESSION_META, $session );
		}
		if ( null !== $group ) {
			$order->update_meta_data( self::HOLDOUT_META, $group );
		}
		$order->update_meta_data( self::TRACKED_META, '1' );
		$order->save();
		self::queue( $order->get_id() );
	}

	/** The cookie's value when it is exactly a UUID (anything else is ignored, never stored). */
	public static function session_from_cookie() {
		$raw = isset( $_COOKIE[ self::SESSION_COOKIE ] ) && is_string( $_COOKIE[ self::SESSION_COOKIE ] ) ? wp_unslash( $_COOKIE[ self::SESSION_COOKIE ] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- validated as a UUID below.
		return 1 === preg_match( '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/D', strtolower( $raw ) ) ? strtolower( $raw ) : null;
	}

	public static function holdout_from_cookie() {
		$raw = isset( $_COOKIE[ self::HOLDOUT_COOKIE ] ) && is_string( $_COOKIE[ self::HOLDOUT_COOKIE ] ) ? wp_unslash( $_COOKIE[ self::HOLDOUT_COOKIE ] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared with known values.
		return in_array( $raw, array( 'treatment', 'control' ), true ) ? $raw : null;
	}

	/**
	 * A refund or cancellation of an order this plugin reported.
	 *
	 * @param int $order_id The order.
	 */
	public static function status_changed( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( $order instanceof WC_Order && '1' === $order->get_meta( self::TRACKED_META ) ) {
			self::queue( $order->get_id() );
		}
	}

	/**
	 * @param int $order_id The order.
	 * @param int $attempt  Attempts made so far.
	 * @param int $delay    Seconds from now.
	 */
	private static function queue( $order_id, $attempt = 0, $delay = 0 ) {
		$args = array( (int) $order_id, (int) $attempt );
		if ( ! function_exists( 'as_schedule_single_action' ) ) {
			// Action Scheduler ships with WooCommerce 7.8+; without it, report now (failures are only logged).
			self::report( $order_id, $attempt );
			return;
		}
		if ( 0 === $delay ) {
			as_enqueue_async_action( self::REPORT_HOOK, $args, self::GROUP );
		} else {
			as_schedule_single_action( time() + $delay, self::REPORT_HOOK, $args, self::GROUP );
		}
	}

	/* ---- The report (Action Scheduler) ---- */

	/**
	 * Sends the order as it is now: a report queued at checkout that runs after a refund sends the
	 * refund, and the server keeps the first report's attribution either way.
	 *
	 * @param int $order_id The order.
	 * @param int $attempt  Attempts made so far.
	 */
	public static function report( $order_id, $attempt = 0 ) {
		$order = wc_get_order( $order_id );
		if ( ! $order instanceof WC_Order || ! Palompy_Settings::is_connected() ) {
			return;
		}
		$connection = Palompy_Settings::connection();
		$answer     = ( new Palompy_Api( $connection['server_url'], Palompy_Settings::token() ) )->report_order( self::payload( $order ) );
		if ( ! is_wp_error( $answer ) ) {
			return;
		}
		$data      = $answer->get_error_data();
		$status    = is_array( $data ) && isset( $data['status'] ) ? (int) $data['status'] : 0;
		$retryable = 0 === $status || 429 === $status || $status >= 500;
		$attempt   = (int) $attempt + 1;
		$retry     = $retryable && $attempt < self::MAX_ATTEMPTS;
		self::log( sprintf( 'Order %d was not reported to Palompy (attempt %d%s): %s', $order->get_id(), $attempt, $retry ? ', will retry' : ', giving up', $answer->get_error_message() ) );
		if ( $retry ) {
			self::queue( $order->get_id(), $attempt, 60 * ( 2 ** ( $attempt - 1 ) ) );
		}
	}

	/**
	 * The fields of POST /api/woocommerce/orders: ids, money and quantities only.
	 *
	 * @param WC_Order $order The order.
	 */
	public static function payload( WC_Order $order ) {
		$items = array();
		foreach ( $order->get_items( 'line_item' ) as $item ) {
			if ( ! $item instanceof WC_Order_Item_Product || count( $items ) >= self::MAX_LINE_ITEMS ) {
				continue;
			}
			$line = array(
				'productId' => (string) $item->get_product_id(),
				'quantity'  => max( 1, min( 100000, (int) $item->get_quantity() ) ),
				'price'     => wc_format_decimal( max( 0, (float) $order->get_item_total( $item, false, false ) ), 2 ),
			);
			if ( $item->get_variation_id() > 0 ) {
				$line['variantId'] = (string) $item->get_variation_id();
			}
			$items[] = $line;
		}
		$payload = array(
			'orderId'   => (string) $order->get_id(),
			'currency'  => $order->get_currency(),
			'total'     => wc_format_decimal( max( 0, (float) $order->get_total() ), 2 ),
			'status'    => self::status_of( $order ),
			'lineItems' => $items,
		);
		$created = $order->get_date_created();
		if ( $created ) {
			$payload['placedAt'] = $created->format( DATE_ATOM );
		}
		$session = (string) $order->get_meta( self::SESSION_META );
		if ( '' !== $session ) {
			$payload['sessionId'] = $session;
		}
		$group = (string) $order->get_meta( self::HOLDOUT_META );
		if ( '' !== $group ) {
			$payload['holdoutGroup'] = $group;
		}
		return $payload;
	}

	private static function status_of( WC_Order $order ) {
		switch ( $order->get_status() ) {
			case 'refunded':
				return 'refunded';
			case 'cancelled':
				return 'cancelled';
			default:
				return 'placed';
		}
	}

	/** WooCommerce's own log (WooCommerce → Status → Logs, source "palompy"). */
	private static function log( $message ) {
		if ( function_exists( 'wc_get_logger' ) ) {
			wc_get_logger()->warning( $message, array( 'source' => 'palompy' ) );
		}
	}
}
