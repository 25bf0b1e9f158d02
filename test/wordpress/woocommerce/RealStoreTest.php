<?php
use PHPUnit\Framework\TestCase;

/**
 * The whole story on real software, no stand-in anywhere: WordPress 6.1 + WooCommerce 7.8 + this
 * plugin + the built Palompy server (embedded database), all on 127.0.0.1. A merchant activates,
 * connects with a key WooCommerce itself creates, the catalog is imported, the storefront carries
 * the widget, a price change made through WooCommerce's REST API reaches the chat through a real
 * webhook delivered by Action Scheduler, a trashed product leaves the answers, a force delete is
 * caught by Resync, an order is looked up, the console button logs in, and uninstall cleans up on
 * both sides. Each step builds on the one before (one store, in order).
 */
final class RealStoreTest extends TestCase {
	/** @var Palompy_Test_Browser */
	private static $admin;
	/** @var array<string,int> product name => id */
	private static $products = array();

	public static function setUpBeforeClass(): void {
		self::$admin = Palompy_Test_Browser::logged_in( 'admin', 'admin-password' );
	}

	/* ---- Helpers ---- */

	private static function connection() {
		wp_cache_flush();
		return Palompy_Settings::connection();
	}

	private function settings_page() {
		$page = self::$admin->get( '/wp-admin/admin.php?page=palompy' );
		$this->assertSame( 200, $page['status'], substr( $page['body'], 0, 500 ) );
		return $page['body'];
	}

	private function nonce_in( $html, $marker ) {
		foreach ( explode( '<form', $html ) as $form ) {
			$form = substr( $form, 0, (int) strpos( $form . '</form>', '</form>' ) );
			if ( ( false !== strpos( $form, "value=\"$marker\"" ) || false !== strpos( $form, "value='$marker'" ) ) && preg_match( '/name="_wpnonce" value="([0-9a-f]+)"/', $form, $m ) ) {
				return $m[1];
			}
		}
		$this->fail( "no form with a nonce for $marker" );
	}

	/** Clicks a button of the settings page; returns the redirect target. */
	private function click( $action, array $fields = array() ) {
		$nonce  = $this->nonce_in( $this->settings_page(), $action );
		$answer = self::$admin->post( '/wp-admin/admin-post.php', array_merge( array( 'action' => $action, '_wpnonce' => $nonce ), $fields ) );
		$this->assertSame( 302, $answer['status'], substr( $answer['body'], 0, 500 ) );
		return $answer['headers']['location'];
	}

	/** Runs WooCommerce's Action Scheduler queue in its own process, as WP-cron does. */
	private function run_action_scheduler() {
		$php = PHP_BINARY . ' -d display_errors=1 -d error_reporting=-1 ' . escapeshellarg( dirname( __DIR__ ) . '/tools/run-action-scheduler.php' ) . ' ' . escapeshellarg( getenv( 'PALOMPY_WP_ROOT' ) );
		exec( $php . ' 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
		$this->assertMatchesRegularExpression( '/^\d+$/', implode( "\n", $output ), 'the queue run printed something else' );
		return (int) $output[0];
	}

	/** The webhooks in WooCommerce that deliver to the Palompy server: topic => status. */
	private static function palompy_webhooks() {
		wp_cache_flush();
		$out = array();
		foreach ( WC_Data_Store::load( 'webhook' )->search_webhooks( array( 'limit' => -1 ) ) as $id ) {
			$hook = wc_get_webhook( $id );
			if ( $hook && 0 === strpos( $hook->get_delivery_url(), Palompy_Server::url( '/webhooks/woocommerce/' ) ) ) {
				$out[ $hook->get_topic() ] = $hook->get_status();
			}
		}
		ksort( $out );
		return $out;
	}

	private static function create_product( $name, $price, array $changes = array() ) {
		$product = new WC_Product_Simple();
		$product->set_name( $name );
		$product->set_regular_price( $price );
		$product->set_description( "<p>$name, from the real-WooCommerce test store.</p>" );
		$product->set_status( 'publish' );
		foreach ( $changes as $setter => $value ) {
			$product->{"set_$setter"}( $value );
		}
		self::$products[ $name ] = $product->save();
		return self::$products[ $name ];
	}

	/** Saves the Palompy server URL on the settings page, as the merchant does. */
	private function save_server_url() {
		$save = self::$admin->post(
			'/wp-admin/options.php',
			array(
				'option_page'      => 'palompy',
				'action'           => 'update',
				'_wpnonce'         => $this->nonce_in( $this->settings_page(), 'palompy' ),
				'_wp_http_referer' => '/wp-admin/admin.php?page=palompy',
				'palompy_settings' => array( 'server_url' => Palompy_Server::url(), 'position' => 'right', 'quick_prompts' => '' ),
			)
		);
		$this->assertSame( 302, $save['status'] );
	}

	/** A read/write key made on WooCommerce's Settings → Advanced → REST API screen: {consumer_key, consumer_secret}. */
	private function create_woocommerce_key() {
		$keys_page = self::$admin->get( '/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys&create-key=1' );
		$this->assertSame( 200, $keys_page['status'] );
		$this->assertSame( 1, preg_match( '/"update_api_nonce":"([0-9a-f]+)"/', $keys_page['body'], $m ), 'no key form nonce' );
		$created = self::$admin->post(
			'/wp-admin/admin-ajax.php',
			array(
				'action'      => 'woocommerce_update_api_key',
				'security'    => $m[1],
				'key_id'      => 0,
				'description' => 'Palompy',
				'user'        => 1,
				'permissions' => 'read_write',
			)
		);
		$key = json_decode( $created['body'], true );
		$this->assertTrue( $key['success'], $created['body'] );
		return $key['data'];
	}

	/** The plugin's own calls to the server, with a given plugin token. */
	private static function plugin_call( $method, $path, $token ) {
		return Palompy_Server::request( $method, $path, 'GET' === $method ? null : array(), array( 'Authorization' => "Bearer $token" ) );
	}

	/* ---- The story ---- */

	public function test_1_activated_next_to_real_woocommerce_without_a_notice() {
		$this->assertTrue( is_plugin_active( 'woocommerce/woocommerce.php' ) );
		$this->assertTrue( is_plugin_active( 'palompy/palompy.php' ) );
		$this->assertSame( '7.8.0', WC()->version );
		$dashboard = self::$admin->get( '/wp-admin/' )['body'];
		$this->assertStringNotContainsString( 'palompy-woocommerce-missing', $dashboard );
		$this->assertStringContainsString( 'Not connected', $this->settings_page() );

		self::create_product( 'Alpine Down Jacket', '12990' );
		self::create_product( 'Trail Runner Shoe', '1890' );
		self::create_product( 'Canvas Tote Bag', '990' );
		self::create_product( 'Merino Wool Beanie', '1490' );
		// What the storefront does not show must never reach the answers.
		self::create_product( 'Wholesale Crate', '45000', array( 'catalog_visibility' => 'hidden' ) );
		self::create_product( 'Members Jacket', '15990', array( 'post_password' => 'members' ) );
	}

	/** @depends test_1_activated_next_to_real_woocommerce_without_a_notice */
	public function test_2_connect_with_a_key_woocommerce_creates_and_the_catalog_is_imported() {
		$this->save_server_url();

		// A plain-http Palompy server: WooCommerce hands keys only to https callbacks, so Connect
		// registers the store (201 from the real server) and asks for a pasted key.
		$location = $this->click( 'palompy_connect' );
		$this->assertStringContainsString( 'paste a key below', self::$admin->get( $location )['body'] );
		$this->assertNotSame( '', self::connection()['shop_id'] );

		// The key WooCommerce creates on its Settings → Advanced → REST API screen.
		$key = $this->create_woocommerce_key();

		$location = $this->click(
			'palompy_keys',
			array(
				'consumer_key'    => $key['consumer_key'],
				'consumer_secret' => $key['consumer_secret'],
			)
		);
		$this->assertStringContainsString( 'The keys were accepted', self::$admin->get( $location )['body'] );

		$connection = self::connection();
		$page       = Palompy_Server::wait_for(
			function () {
				$html = $this->settings_page();
				return false !== strpos( $html, 'Up to date (6 of 6)' ) ? $html : null;
			},
			'the initial sync'
		);
		$this->assertStringContainsString( '<td>Connected</td>', $page );
		// Six published products were read; the hidden one and the password-protected one were left out.
		$this->assertStringContainsString( '<th scope="row">Products the assistant knows</th><td>4</td>', $page );
		$this->assertTrue( self::connection()['connected'] );
		$expected = array(
			self::$products['Alpine Down Jacket'] => '12990',
			self::$products['Canvas Tote Bag']    => '990',
			self::$products['Merino Wool Beanie'] => '1490',
			self::$products['Trail Runner Shoe']  => '1890',
		);
		ksort( $expected );
		$this->assertSame( $expected, Palompy_Server::products( $connection['shop_id'] ) );
		// The server created its four webhooks in WooCommerce with that key.
		$this->assertSame(
			array( 'product.created' => 'active', 'product.deleted' => 'active', 'product.restored' => 'active', 'product.updated' => 'active' ),
			self::palompy_webhooks()
		);
	}

	/** @depends test_2_connect_with_a_key_woocommerce_creates_and_the_catalog_is_imported */
	public function test_3_storefront_pages_carry_the_widget() {
		$connection = self::connection();
		$html       = ( new Palompy_Test_Browser() )->get( get_permalink( self::$products['Trail Runner Shoe'] ) )['body'];
		$this->assertSame( 1, preg_match( '/<script\b[^>]*widget\.js[^>]*><\/script>/', $html, $m ), 'no widget on the product page' );
		$this->assertStringContainsString( "src='" . Palompy_Server::url( '/widget.js' ) . "'", $m[0] );
		$this->assertStringContainsString( 'data-shop-id="' . $connection['public_key'] . '"', $m[0] );
		$widget = Palompy_Server::request( 'GET', '/widget.js' );
		$this->assertSame( 200, $widget['status'] );
	}

	/** @depends test_3_storefront_pages_carry_the_widget */
	public function test_4_a_price_change_through_the_rest_api_reaches_the_chat() {
		$connection = self::connection();
		$id         = self::$products['Trail Runner Shoe'];
		$this->assertStringContainsString( '1,890 ₽', Palompy_Server::chat( $connection['public_key'], 'How much is the Trail Runner Shoe?' )['answer'] );

		$changed = self::$admin->rest( 'PUT', "/wc/v3/products/$id", array( 'regular_price' => '2090' ) );
		$this->assertSame( 200, $changed['status'], json_encode( $changed['body'] ) );
		Palompy_Server::wait_for(
			function () use ( $connection, $id ) {
				// WP-cron runs the queue on every visit of a live store: again until it has delivered.
				$this->run_action_scheduler();
				return '2090' === Palompy_Server::products( $connection['shop_id'] )[ $id ];
			},
			'the delivered price'
		);
		$answer = Palompy_Server::chat( $connection['public_key'], 'How much is the Trail Runner Shoe?' )['answer'];
		$this->assertStringContainsString( 'Trail Runner Shoe costs 2,090 ₽.', $answer );
		$this->assertStringNotContainsString( '1,890', $answer );
	}

	/** @depends test_4_a_price_change_through_the_rest_api_reaches_the_chat */
	public function test_4b_hiding_a_product_from_the_catalog_removes_it_and_showing_it_restores_it() {
		$connection = self::connection();
		$id         = self::$products['Alpine Down Jacket'];
		foreach ( array( 'hidden' => false, 'visible' => true ) as $visibility => $known ) {
			$changed = self::$admin->rest( 'PUT', "/wc/v3/products/$id", array( 'catalog_visibility' => $visibility ) );
			$this->assertSame( 200, $changed['status'], json_encode( $changed['body'] ) );
			Palompy_Server::wait_for(
				function () use ( $connection, $id, $known ) {
					$this->run_action_scheduler();
					return array_key_exists( $id, Palompy_Server::products( $connection['shop_id'] ) ) === $known;
				},
				"the product to be $visibility in the answers"
			);
		}
	}

	/** @depends test_4b_hiding_a_product_from_the_catalog_removes_it_and_showing_it_restores_it */
	public function test_5_a_trashed_product_leaves_the_answers() {
		$connection = self::connection();
		$id         = self::$products['Canvas Tote Bag'];
		$trashed    = self::$admin->rest( 'DELETE', "/wc/v3/products/$id" );
		$this->assertSame( 200, $trashed['status'], json_encode( $trashed['body'] ) );
		$this->assertSame( 'trash', get_post_status( $id ) );
		Palompy_Server::wait_for(
			function () use ( $connection, $id ) {
				$this->run_action_scheduler();
				return ! array_key_exists( $id, Palompy_Server::products( $connection['shop_id'] ) );
			},
			'the trashed product to leave'
		);
		$sources = Palompy_Server::chat( $connection['public_key'], 'Do you sell a canvas tote bag?' )['sources'];
		$this->assertNotContains( (string) $id, array_column( $sources, 'id' ) );
	}

	/** @depends test_5_a_trashed_product_leaves_the_answers */
	public function test_6_a_force_delete_is_caught_by_resync() {
		$connection = self::connection();
		$id         = self::$products['Merino Wool Beanie'];
		// Deleted for good in this process, which loaded no webhooks: nothing is delivered, as when
		// a cleanup plugin or a database tool removes products.
		wp_delete_post( $id, true );
		$this->assertNull( get_post( $id ) );
		$this->run_action_scheduler();
		$this->assertArrayHasKey( $id, Palompy_Server::products( $connection['shop_id'] ) );

		$this->assertStringContainsString( '<th scope="row">Last reconciled</th><td>Never</td>', $this->settings_page() );
		$location = $this->click( 'palompy_resync' );
		$this->assertStringContainsString( 'Resync started', self::$admin->get( $location )['body'] );
		Palompy_Server::wait_for(
			static function () use ( $connection, $id ) {
				return ! array_key_exists( $id, Palompy_Server::products( $connection['shop_id'] ) );
			},
			'Resync to remove the deleted product'
		);
		// The result on the settings page: when it ran, and what the assistant knows now.
		$page = Palompy_Server::wait_for(
			function () {
				$html = $this->settings_page();
				return false === strpos( $html, '<th scope="row">Last reconciled</th><td>Never</td>' ) && false !== strpos( $html, '<td>Up to date' ) ? $html : null;
			},
			'the reconciliation result on the settings page'
		);
		$this->assertStringContainsString( '<th scope="row">Products the assistant knows</th><td>2</td>', $page );
	}

	/** @depends test_6_a_force_delete_is_caught_by_resync */
	public function test_6b_a_webhook_woocommerce_disabled_is_a_warning_with_one_repair_button() {
		$this->assertStringContainsString( '<th scope="row">Webhooks</th><td>All 4 active</td>', $this->settings_page() );
		// What WooCommerce does after more than 5 failed deliveries (a Palompy server outage).
		wp_cache_flush();
		foreach ( WC_Data_Store::load( 'webhook' )->search_webhooks( array( 'limit' => -1 ) ) as $hook_id ) {
			$hook = wc_get_webhook( $hook_id );
			if ( 'product.updated' === $hook->get_topic() ) {
				$hook->set_status( 'disabled' );
				$hook->save();
			}
		}
		$page = $this->settings_page();
		$this->assertStringContainsString( 'id="palompy-webhook-warning"', $page );
		$this->assertStringContainsString( '<th scope="row">Webhooks</th><td>1 not working (product.updated)</td>', $page );
		$this->assertStringContainsString( 'Repair started', self::$admin->get( $this->click( 'palompy_repair' ) )['body'] );
		Palompy_Server::wait_for(
			static function () {
				return array( 'active' ) === array_values( array_unique( self::palompy_webhooks() ) );
			},
			'the Palompy server to switch the webhook back on'
		);
		$this->assertStringNotContainsString( 'id="palompy-webhook-warning"', $this->settings_page() );
	}

	/** @depends test_6b_a_webhook_woocommerce_disabled_is_a_warning_with_one_repair_button */
	public function test_6c_a_size_question_gets_that_sizes_price_and_a_sold_out_size_is_called_out() {
		$connection = self::connection();
		$size       = new WC_Product_Attribute();
		$size->set_name( 'Size' );
		$size->set_options( array( 'M', 'L', 'XL' ) );
		$size->set_visible( true );
		$size->set_variation( true );
		$parka = new WC_Product_Variable();
		$parka->set_name( 'Summit Parka' );
		$parka->set_description( '<p>Summit Parka, from the real-WooCommerce test store.</p>' );
		$parka->set_status( 'publish' );
		$parka->set_attributes( array( $size ) );
		$id = $parka->save();
		// XL costs more; L is sold out.
		foreach ( array( 'M' => array( '9990', 'instock' ), 'L' => array( '9990', 'outofstock' ), 'XL' => array( '10490', 'instock' ) ) as $value => list( $price, $stock ) ) {
			$variation = new WC_Product_Variation();
			$variation->set_parent_id( $id );
			$variation->set_attributes( array( 'size' => $value ) );
			$variation->set_regular_price( $price );
			$variation->set_sku( "SUMMIT-$value" );
			$variation->set_stock_status( $stock );
			$variation->set_status( 'publish' );
			$variation->save();
		}
		WC_Product_Variable::sync( $id );
		self::$products['Summit Parka'] = $id;

		// Made in this process (no webhook delivered): the reconciliation of "Resync now" reads it, with its variations.
		$this->assertStringContainsString( 'Resync started', self::$admin->get( $this->click( 'palompy_resync' ) )['body'] );
		Palompy_Server::wait_for(
			static function () use ( $connection, $id ) {
				return array_key_exists( $id, Palompy_Server::products( $connection['shop_id'] ) );
			},
			'Resync to import the variable product'
		);

		$xl = Palompy_Server::chat( $connection['public_key'], 'How much is the Summit Parka in size XL?' );
		$this->assertSame( (string) $id, $xl['sources'][0]['id'], json_encode( $xl ) );
		$this->assertMatchesRegularExpression( '/^Summit Parka: "Size: XL" \(SKU SUMMIT-XL\) costs 10,490 ₽, in stock\./', $xl['answer'] );
		$this->assertStringNotContainsString( '9,990', $xl['answer'] );

		$sold_out = Palompy_Server::chat( $connection['public_key'], 'Do you have the Summit Parka in size L?' );
		$this->assertSame( (string) $id, $sold_out['sources'][0]['id'], json_encode( $sold_out ) );
		$this->assertMatchesRegularExpression( '/^Summit Parka: "Size: L" \(SKU SUMMIT-L\) costs 9,990 ₽, currently out of stock\./', $sold_out['answer'] );
		// The sizes that can be bought instead (in the order the store lists its variations).
		$this->assertMatchesRegularExpression( '/ In stock: (?:Size: XL for 10,490 ₽, Size: M for 9,990 ₽|Size: M for 9,990 ₽, Size: XL for 10,490 ₽)\./', $sold_out['answer'] );
		$this->assertStringNotContainsString( '"Size: L" (SKU SUMMIT-L) costs 9,990 ₽, in stock', $sold_out['answer'] );
	}

	/** @depends test_6c_a_size_question_gets_that_sizes_price_and_a_sold_out_size_is_called_out */
	public function test_7_an_order_is_looked_up_by_number_and_email() {
		global $wpdb;
		// Order numbers of a store that has sold for a while (the chat reads 3+ digit numbers).
		$wpdb->query( "ALTER TABLE {$wpdb->posts} AUTO_INCREMENT = 1000" );
		$order = wc_create_order();
		$order->add_product( wc_get_product( self::$products['Alpine Down Jacket'] ), 1 );
		$order->set_billing_email( 'maria@example.test' );
		$order->set_billing_first_name( 'Maria' );
		$order->calculate_totals();
		$order->set_status( 'processing' );
		$order->save();
		$number = $order->get_order_number();
		$this->assertGreaterThanOrEqual( 1000, (int) $number );

		$connection = self::connection();
		$answer     = Palompy_Server::chat( $connection['public_key'], "What's my order status? Order $number, maria@example.test" )['answer'];
		$this->assertSame( "Order #$number: being processed.", $answer );
		$wrong = Palompy_Server::chat( $connection['public_key'], "What's my order status? Order $number, eve@example.test" )['answer'];
		$this->assertStringNotContainsString( 'being processed', $wrong );
	}

	/**
	 * Issue 21: a shopper who chatted about a product buys it — once through the classic checkout
	 * page, once through the block checkout's Store API — with the cookie the plugin's checkout
	 * script copies from the widget's storage; both orders reach Palompy as assisted and
	 * influenced, and a refund takes one out of the revenue.
	 *
	 * @depends test_7_an_order_is_looked_up_by_number_and_email
	 */
	public function test_7b_orders_of_a_chatting_shopper_reach_palompy_as_assisted_and_a_refund_is_reported() {
		$connection = self::connection();
		update_option( 'woocommerce_cheque_settings', array( 'enabled' => 'yes', 'title' => 'Check payments' ) );
		update_option( 'woocommerce_ship_to_countries', 'disabled' );
		$billing = array( 'first_name' => 'Maria', 'last_name' => 'Ivanova', 'address_1' => 'Tverskaya 1', 'city' => 'Moscow', 'postcode' => '125009', 'country' => 'RU', 'state' => 'Moscow', 'email' => 'maria@example.test', 'phone' => '+74950000000' );
		$chat    = function ( $session, $message, $product ) use ( $connection ) {
			$answer = Palompy_Server::request( 'POST', '/api/chat', array( 'shopPublicKey' => $connection['public_key'], 'sessionId' => $session, 'message' => $message, 'lang' => 'en' ) );
			$this->assertSame( 200, $answer['status'], json_encode( $answer['body'] ) );
			$this->assertContains( (string) self::$products[ $product ], array_column( $answer['body']['sources'], 'id' ), 'the assistant did not show the product' );
			// WooCommerce dates orders in whole seconds: an order placed within the chat's own second
			// would be dated before it (a shopper takes longer than that to check out).
			sleep( 1 );
		};

		// The classic checkout page (the [woocommerce_checkout] shortcode WooCommerce 7.8 installs).
		$classic_session = wp_generate_uuid4();
		$chat( $classic_session, 'How much is the Trail Runner Shoe?', 'Trail Runner Shoe' );
		$shopper = new Palompy_Test_Browser();
		$this->assertContains( $shopper->get( '/?add-to-cart=' . self::$products['Trail Runner Shoe'] )['status'], array( 200, 302 ) );
		$page = $shopper->get( '/checkout/' );
		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( wp_json_encode( 'palompy:' . $connection['public_key'] . ':' ), $page['body'], 'no checkout script' );
		$this->assertSame( 1, preg_match( '/name="woocommerce-process-checkout-nonce" value="([0-9a-f]+)"/', $page['body'], $m ), 'no checkout nonce' );
		// What the checkout script writes from the widget's localStorage.
		$shopper->set_cookie( 'palompy_sid', $classic_session );
		$shopper->set_cookie( 'palompy_holdout', 'treatment' );
		$fields = array( 'payment_method' => 'cheque', 'woocommerce-process-checkout-nonce' => $m[1], '_wp_http_referer' => '/checkout/' );
		foreach ( $billing as $name => $value ) {
			$fields[ "billing_$name" ] = $value;
		}
		$placed = $shopper->post( '/?wc-ajax=checkout', $fields );
		$result = json_decode( $placed['body'], true );
		$this->assertSame( 'success', $result['result'] ?? null, $placed['body'] );
		$this->assertSame( 1, preg_match( '#order-received/(\d+)/#', $result['redirect'], $m ) );
		$classic_id = (int) $m[1];

		// The block checkout's Store API, as the Checkout block's JavaScript calls it.
		$blocks_session = wp_generate_uuid4();
		$chat( $blocks_session, 'Tell me about the Alpine Down Jacket', 'Alpine Down Jacket' );
		$buyer = new Palompy_Test_Browser();
		$buyer->set_cookie( 'palompy_sid', $blocks_session );
		$cart  = $buyer->json( 'GET', '/wp-json/wc/store/v1/cart' );
		$nonce = array( 'Nonce' => $cart['headers']['nonce'] ?? '' );
		$added = $buyer->json( 'POST', '/wp-json/wc/store/v1/cart/add-item', array( 'id' => self::$products['Alpine Down Jacket'], 'quantity' => 1 ), $nonce );
		$this->assertSame( 201, $added['status'], json_encode( $added['body'] ) );
		$checkout = $buyer->json( 'POST', '/wp-json/wc/store/v1/checkout', array( 'billing_address' => $billing + array( 'address_2' => '', 'company' => '' ), 'payment_method' => 'cheque' ), $nonce );
		$this->assertSame( 200, $checkout['status'], json_encode( $checkout['body'] ) );
		$blocks_id = (int) $checkout['body']['order_id'];

		// Stored on the orders: the session ids and the group, nothing else from the cookies.
		wp_cache_flush();
		$this->assertSame( $classic_session, wc_get_order( $classic_id )->get_meta( '_palompy_session_id' ) );
		$this->assertSame( 'treatment', wc_get_order( $classic_id )->get_meta( '_palompy_holdout_group' ) );
		$this->assertSame( $blocks_session, wc_get_order( $blocks_id )->get_meta( '_palompy_session_id' ) );
		$this->assertSame( '', wc_get_order( $blocks_id )->get_meta( '_palompy_holdout_group' ) );

		$revenue = static function () use ( $connection ) {
			$answer = Palompy_Server::admin( 'GET', '/api/shops/' . $connection['shop_id'] . '/revenue' );
			return $answer['body']['byCurrency'];
		};
		$totals = Palompy_Server::wait_for(
			function () use ( $revenue ) {
				$this->run_action_scheduler();
				$rows = $revenue();
				return isset( $rows[0] ) && 2 === $rows[0]['orders'] ? $rows[0] : null;
			},
			'the two orders to reach Palompy'
		);
		$this->assertSame( 'RUB', $totals['currency'] );
		$this->assertSame( 2, $totals['assistedOrders'] );
		$this->assertSame( 2, $totals['influencedOrders'] );
		$this->assertEquals( 2090 + 12990, $totals['revenue'] );

		// A full refund made in WooCommerce: the order leaves the revenue (counted only while placed).
		$refund = wc_create_refund( array( 'order_id' => $blocks_id, 'amount' => wc_get_order( $blocks_id )->get_total() ) );
		$this->assertInstanceOf( WC_Order_Refund::class, $refund );
		$this->assertSame( 'refunded', wc_get_order( $blocks_id )->get_status() );
		$totals = Palompy_Server::wait_for(
			function () use ( $revenue ) {
				$this->run_action_scheduler();
				$rows = $revenue();
				return isset( $rows[0] ) && 1 === $rows[0]['orders'] ? $rows[0] : null;
			},
			'the refund to reach Palompy'
		);
		$this->assertEquals( 2090, $totals['revenue'] );
		$this->assertSame( 1, $totals['assistedOrders'] );
	}

	/**
	 * Palompy unreachable at checkout: the order is placed all the same, the failed report is
	 * logged in WooCommerce's log and queued again in Action Scheduler, and the retry delivers it.
	 *
	 * @depends test_7b_orders_of_a_chatting_shopper_reach_palompy_as_assisted_and_a_refund_is_reported
	 */
	public function test_7c_an_unreachable_palompy_never_breaks_checkout_and_the_report_is_retried() {
		$connection = self::connection();
		$stored     = get_option( Palompy_Settings::CONNECTION );
		// A port WordPress's safe HTTP functions refuse: the report fails without any traffic.
		update_option( Palompy_Settings::CONNECTION, array_merge( $stored, array( 'server_url' => 'http://127.0.0.1:1' ) ) );
		try {
			$buyer = new Palompy_Test_Browser();
			$buyer->set_cookie( 'palompy_sid', wp_generate_uuid4() );
			$cart  = $buyer->json( 'GET', '/wp-json/wc/store/v1/cart' );
			$nonce = array( 'Nonce' => $cart['headers']['nonce'] ?? '' );
			$this->assertSame( 201, $buyer->json( 'POST', '/wp-json/wc/store/v1/cart/add-item', array( 'id' => self::$products['Trail Runner Shoe'], 'quantity' => 2 ), $nonce )['status'] );
			$billing  = array( 'first_name' => 'Ivan', 'last_name' => 'Petrov', 'address_1' => 'Arbat 2', 'address_2' => '', 'company' => '', 'city' => 'Moscow', 'state' => 'Moscow', 'postcode' => '119002', 'country' => 'RU', 'email' => 'ivan@example.test', 'phone' => '+74950000001' );
			$checkout = $buyer->json( 'POST', '/wp-json/wc/store/v1/checkout', array( 'billing_address' => $billing, 'payment_method' => 'cheque' ), $nonce );
			$this->assertSame( 200, $checkout['status'], json_encode( $checkout['body'] ) );
			$order_id = (int) $checkout['body']['order_id'];
			$this->run_action_scheduler();
		} finally {
			update_option( Palompy_Settings::CONNECTION, $stored );
		}
		wp_cache_flush();
		$retry = as_next_scheduled_action( Palompy_Orders::REPORT_HOOK, array( $order_id, 1 ), Palompy_Orders::GROUP );
		$this->assertIsInt( $retry, 'no retry was queued' );
		$this->assertGreaterThan( time(), $retry );
		$logs = implode( "\n", array_map( 'file_get_contents', glob( WC_LOG_DIR . 'palompy-*.log' ) ) );
		$this->assertStringContainsString( "Order $order_id was not reported to Palompy (attempt 1, will retry)", $logs );

		// The retry, run now rather than in a minute (what Action Scheduler calls).
		do_action( Palompy_Orders::REPORT_HOOK, $order_id, 1 );
		$rows = Palompy_Server::admin( 'GET', '/api/shops/' . $connection['shop_id'] . '/revenue' )['body']['byCurrency'];
		$this->assertSame( 2, $rows[0]['orders'], json_encode( $rows ) );
		$this->assertEquals( 2090 + 2 * 2090, $rows[0]['revenue'] );
		// Its shopper never chatted: counted, not assisted.
		$this->assertSame( 1, $rows[0]['assistedOrders'] );
	}

	/** @depends test_7_an_order_is_looked_up_by_number_and_email */
	public function test_8_the_console_button_logs_the_merchant_in() {
		$location = $this->click( 'palompy_console' );
		$this->assertStringStartsWith( Palompy_Server::url( '/admin/sso?token=' ), $location, 'the button did not lead to the console' );
		$login = ( new Palompy_Test_Browser() )->get( $location );
		$this->assertSame( 302, $login['status'] );
		$this->assertSame( '/admin', $login['headers']['location'] );
		// Single use: the same link again is refused.
		$this->assertSame( 410, ( new Palompy_Test_Browser() )->get( $location )['status'] );
	}

	/**
	 * Issue 18, item 2: the plugin was deleted while the Palompy server could not be reached (or a
	 * database restore lost palompy_plugin_token). The server still holds the proven shop; Connect
	 * again gets a claim, keys WooCommerce accepts prove the store, and the same shop comes back.
	 *
	 * @depends test_8_the_console_button_logs_the_merchant_in
	 */
	public function test_8b_a_store_that_lost_its_plugin_token_takes_its_shop_back_with_new_keys() {
		global $wpdb;
		$before    = self::connection();
		$old_token = Palompy_Settings::token();
		$knowledge = Palompy_Server::products( $before['shop_id'] );
		$this->assertSame( 200, self::plugin_call( 'GET', '/api/woocommerce/status', $old_token )['status'] );

		// Deleted while the server was unreachable: uninstall removes Palompy's webhooks and key
		// and every option here, but the server never hears of it and keeps the shop.
		$unreachable               = $before;
		$unreachable['server_url'] = 'http://127.0.0.1:1';
		Palompy_Settings::save_connection( $unreachable );
		deactivate_plugins( 'palompy/palompy.php' );
		$php = PHP_BINARY . ' ' . escapeshellarg( dirname( __DIR__ ) . '/tools/uninstall.php' ) . ' ' . escapeshellarg( getenv( 'PALOMPY_WP_ROOT' ) );
		exec( $php . ' 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
		$this->assertSame( array( 'uninstalled' ), $output );
		$this->assertSame( array(), self::palompy_webhooks() );
		$this->assertSame( '0', $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}woocommerce_api_keys WHERE description = 'Palompy'" ) );
		$this->assertSame( $knowledge, Palompy_Server::products( $before['shop_id'] ) );

		// Installed again: Connect finds the store already connected and gets a claim on that shop.
		$this->assertNull( activate_plugin( 'palompy/palompy.php' ) );
		wp_cache_flush();
		$this->assertStringContainsString( 'Not connected', $this->settings_page() );
		$this->save_server_url();
		$location = $this->click( 'palompy_connect' );
		$this->assertStringContainsString( 'paste a new key below to prove this is the store', self::$admin->get( $location )['body'] );
		$claim = self::connection();
		$this->assertTrue( $claim['takeover'] );
		$this->assertFalse( $claim['connected'] );
		$this->assertSame( $before['shop_id'], $claim['shop_id'] );
		$this->assertSame( $before['public_key'], $claim['public_key'] );
		$claim_token = Palompy_Settings::token();
		$this->assertNotSame( $old_token, $claim_token );
		// The claim lasts 48 hours, and the page says until when.
		$expires = strtotime( $claim['expires_at'] );
		$this->assertEqualsWithDelta( time() + 48 * 3600, $expires, 600, $claim['expires_at'] );
		$page = $this->settings_page();
		$this->assertStringContainsString( 'id="palompy-takeover"', $page );
		$this->assertStringContainsString( '<td>Taking over an existing connection: waiting for a key</td>', $page );
		$until = wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $expires );
		$this->assertStringContainsString( '<th scope="row">Takeover possible until</th><td>' . esc_html( $until ) . '</td>', $page );
		// Until it proves the store, the claim can do nothing else, and the old token still holds the shop.
		$this->assertSame( 403, self::plugin_call( 'POST', '/api/woocommerce/resync', $claim_token )['status'] );
		$this->assertSame( 200, self::plugin_call( 'GET', '/api/woocommerce/status', $old_token )['status'] );

		$key      = $this->create_woocommerce_key();
		$location = $this->click( 'palompy_keys', array( 'consumer_key' => $key['consumer_key'], 'consumer_secret' => $key['consumer_secret'] ) );
		$this->assertStringContainsString( 'this site took the Palompy connection over', self::$admin->get( $location )['body'] );
		$page = Palompy_Server::wait_for(
			function () {
				$html = $this->settings_page();
				return false !== strpos( $html, '<td>Connected</td>' ) && false !== strpos( $html, '<td>Up to date' ) ? $html : null;
			},
			'the takeover to connect and sync'
		);
		$this->assertStringNotContainsString( 'id="palompy-takeover"', $page );
		$after = self::connection();
		$this->assertTrue( $after['connected'] );
		$this->assertFalse( $after['takeover'] );
		$this->assertSame( $before['shop_id'], $after['shop_id'] );
		$this->assertSame( $before['public_key'], $after['public_key'] );
		$this->assertSame( $knowledge, Palompy_Server::products( $after['shop_id'] ) );
		$this->assertSame( $claim_token, Palompy_Settings::token() );
		$this->assertSame( 401, self::plugin_call( 'GET', '/api/woocommerce/status', $old_token )['status'] );
		$this->assertSame( 200, self::plugin_call( 'GET', '/api/woocommerce/status', $claim_token )['status'] );

		// The server made its webhooks again with the new key: a price change is delivered and answered.
		Palompy_Server::wait_for(
			static function () {
				return array( 'product.created' => 'active', 'product.deleted' => 'active', 'product.restored' => 'active', 'product.updated' => 'active' ) === self::palompy_webhooks();
			},
			'the webhooks to be created again'
		);
		$id      = self::$products['Trail Runner Shoe'];
		$changed = self::$admin->rest( 'PUT', "/wc/v3/products/$id", array( 'regular_price' => '2290' ) );
		$this->assertSame( 200, $changed['status'], json_encode( $changed['body'] ) );
		Palompy_Server::wait_for(
			function () use ( $after, $id ) {
				$this->run_action_scheduler();
				return '2290' === Palompy_Server::products( $after['shop_id'] )[ $id ];
			},
			'the price delivered after the takeover'
		);
		$this->assertStringContainsString( 'Trail Runner Shoe costs 2,290 ₽.', Palompy_Server::chat( $after['public_key'], 'How much is the Trail Runner Shoe?' )['answer'] );
	}

	/** @depends test_8b_a_store_that_lost_its_plugin_token_takes_its_shop_back_with_new_keys */
	public function test_9_uninstall_deletes_the_shop_its_webhooks_its_rest_key_and_the_options() {
		global $wpdb;
		$connection = self::connection();
		$this->assertSame( '1', $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}woocommerce_api_keys WHERE description = 'Palompy'" ) );
		deactivate_plugins( 'palompy/palompy.php' );
		$php = PHP_BINARY . ' ' . escapeshellarg( dirname( __DIR__ ) . '/tools/uninstall.php' ) . ' ' . escapeshellarg( getenv( 'PALOMPY_WP_ROOT' ) );
		exec( $php . ' 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
		$this->assertSame( array( 'uninstalled' ), $output );

		$this->assertSame( 404, Palompy_Server::admin( 'GET', '/api/shops/' . $connection['shop_id'] . '/knowledge' )['status'] );
		$gone = Palompy_Server::request( 'POST', '/api/chat', array( 'shopPublicKey' => $connection['public_key'], 'sessionId' => wp_generate_uuid4(), 'message' => 'Hello' ) );
		$this->assertSame( 404, $gone['status'], json_encode( $gone['body'] ) );
		$this->assertSame( array(), self::palompy_webhooks() );
		// The order report test_7c left queued for a retry is gone with the plugin.
		$this->assertFalse( as_next_scheduled_action( 'palompy_report_order' ) );
		// The read/write key Palompy was given is revoked, not left behind.
		global $wpdb;
		$this->assertSame( '0', $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}woocommerce_api_keys WHERE description = 'Palompy'" ) );
		wp_cache_flush();
		foreach ( array( 'palompy_settings', 'palompy_connection', 'palompy_plugin_token' ) as $option ) {
			$this->assertFalse( get_option( $option ), $option );
		}
	}
}
