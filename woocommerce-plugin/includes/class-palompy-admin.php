<?php
/**
 * WooCommerce → Palompy: the settings page and its actions. Every action checks the capability
 * and its own nonce; everything printed is escaped; everything read is sanitised.
 *
 * @package Palompy
 */

defined( 'ABSPATH' ) || exit;

final class Palompy_Admin {
	const PAGE       = 'palompy';
	const CAPABILITY = 'manage_woocommerce';
	const ACTIONS    = array( 'palompy_connect', 'palompy_keys', 'palompy_resync', 'palompy_repair', 'palompy_console', 'palompy_disconnect' );
	const KEY_FORMAT = '/^ck_[0-9a-f]{40}$/';
	const SECRET     = '/^cs_[0-9a-f]{40}$/';

	public static function boot() {
		add_action( 'admin_menu', array( __CLASS__, 'add_page' ) );
		add_action( 'admin_init', array( __CLASS__, 'register_settings' ) );
		add_filter( 'option_page_capability_' . Palompy_Settings::GROUP, array( __CLASS__, 'capability' ) );
		add_filter( 'pre_update_option_' . Palompy_Settings::OPTION, array( __CLASS__, 'push_appearance_on_save' ), 10, 2 );
		foreach ( self::ACTIONS as $action ) {
			add_action( 'admin_post_' . $action, array( __CLASS__, 'handle_' . substr( $action, strlen( 'palompy_' ) ) ) );
		}
	}

	public static function page_url( array $args = array() ) {
		return add_query_arg( array_merge( array( 'page' => self::PAGE ), $args ), admin_url( 'admin.php' ) );
	}

	public static function capability() {
		return self::CAPABILITY;
	}

	public static function add_page() {
		if ( ! Palompy_Plugin::woocommerce_active() ) {
			return;
		}
		add_submenu_page( 'woocommerce', __( 'Palompy', 'palompy' ), __( 'Palompy', 'palompy' ), self::CAPABILITY, self::PAGE, array( __CLASS__, 'render_page' ) );
	}

	public static function register_settings() {
		register_setting(
			Palompy_Settings::GROUP,
			Palompy_Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( 'Palompy_Settings', 'sanitize' ),
				'default'           => Palompy_Settings::defaults(),
				'show_in_rest'      => false,
			)
		);

		add_settings_section( 'palompy_server', __( 'Server', 'palompy' ), '__return_false', self::PAGE );
		add_settings_field( 'palompy_server_url', __( 'Palompy server URL', 'palompy' ), array( __CLASS__, 'field_server_url' ), self::PAGE, 'palompy_server', array( 'label_for' => 'palompy_server_url' ) );

		add_settings_section( 'palompy_appearance', __( 'Appearance', 'palompy' ), array( __CLASS__, 'appearance_intro' ), self::PAGE );
		add_settings_field( 'palompy_greeting', __( 'Greeting', 'palompy' ), array( __CLASS__, 'field_greeting' ), self::PAGE, 'palompy_appearance', array( 'label_for' => 'palompy_greeting' ) );
		add_settings_field( 'palompy_color', __( 'Colour', 'palompy' ), array( __CLASS__, 'field_color' ), self::PAGE, 'palompy_appearance', array( 'label_for' => 'palompy_color' ) );
		add_settings_field( 'palompy_position', __( 'Position', 'palompy' ), array( __CLASS__, 'field_position' ), self::PAGE, 'palompy_appearance', array( 'label_for' => 'palompy_position' ) );
		add_settings_field( 'palompy_quick_prompts', __( 'Quick prompts', 'palompy' ), array( __CLASS__, 'field_quick_prompts' ), self::PAGE, 'palompy_appearance', array( 'label_for' => 'palompy_quick_prompts' ) );
	}

	/**
	 * Runs on every save of the settings form: the widget's appearance lives on the Palompy server
	 * too (the console and other storefronts read it there).
	 *
	 * @param array $value     Sanitised new value.
	 * @param mixed $old_value Previous value.
	 */
	public static function push_appearance_on_save( $value, $old_value ) {
		unset( $old_value );
		if ( ! is_array( $value ) || ! Palompy_Settings::is_registered() ) {
			return $value;
		}
		$settings = array_merge( Palompy_Settings::defaults(), $value );
		$pushed   = self::api()->push_appearance( Palompy_Settings::appearance_payload( $settings, Palompy_Storefront::widget_language( get_locale() ) ) );
		if ( is_wp_error( $pushed ) ) {
			add_settings_error(
				Palompy_Settings::OPTION,
				'palompy_appearance',
				/* translators: %s: the server's error message */
				sprintf( __( 'Saved on this site, but the Palompy server did not take the appearance: %s', 'palompy' ), $pushed->get_error_message() ),
				'warning'
			);
		}
		return $value;
	}

	/* ---- Actions (admin-post.php) ---- */

	public static function handle_connect() {
		self::guard( 'palompy_connect' );
		$settings = Palompy_Settings::get();
		if ( '' === $settings['server_url'] ) {
			self::back( 'error', __( 'Set the Palompy server URL and save before connecting.', 'palompy' ) );
		}
		$store_name = wp_strip_all_tags( get_bloginfo( 'name' ) );
		$connection = Palompy_Settings::connection();
		// Reconnecting to the same server presents the plugin token: the server gives the same shop back.
		$token      = $connection['server_url'] === $settings['server_url'] ? Palompy_Settings::token() : '';
		$answer     = ( new Palompy_Api( $settings['server_url'], $token ) )->connect(
			array(
				'siteUrl'       => home_url(),
				'storeName'     => '' !== $store_name ? $store_name : home_url(),
				'adminEmail'    => (string) get_option( 'admin_email' ),
				'locale'        => get_locale(),
				'pluginVersion' => PALOMPY_VERSION,
				'returnUrl'     => self::page_url( array( 'palompy_return' => '1' ) ),
			)
		);
		if ( is_wp_error( $answer ) ) {
			self::back( 'error', $answer->get_error_message() );
		}
		$api_base = Palompy_Settings::sanitize_server_url( $answer['apiBase'] );
		if ( empty( $api_base ) || ! self::is_own_key_approval_url( $answer['authorizeUrl'] ) ) {
			self::back( 'error', __( 'The Palompy server sent an unexpected answer; nothing was changed.', 'palompy' ) );
		}

		Palompy_Settings::save_token( $answer['pluginToken'] );
		Palompy_Settings::save_connection(
			array(
				'server_url' => $settings['server_url'],
				'shop_id'    => sanitize_text_field( $answer['shopId'] ),
				'public_key' => sanitize_text_field( $answer['publicKey'] ),
				'api_base'   => $api_base,
				'connected'  => false,
				'sync'       => null,
				'checked_at' => 0,
				'takeover'   => isset( $answer['takeover'] ) && true === $answer['takeover'],
				'expires_at' => '',
			)
		);
		if ( isset( $answer['takeover'] ) && true === $answer['takeover'] ) {
			// The claim's expiry comes with the status; the page shows it next to the explanation.
			self::refresh_status();
		}
		// WooCommerce posts keys only to an https:// callback and refuses the approval page otherwise:
		// with a plain-http Palompy server, the pasted-keys form is the way.
		parse_str( (string) wp_parse_url( $answer['authorizeUrl'], PHP_URL_QUERY ), $query );
		if ( ! isset( $query['callback_url'] ) || ! is_string( $query['callback_url'] ) || 0 !== stripos( $query['callback_url'], 'https://' ) ) {
			self::back(
				'warning',
				self::is_takeover()
					? __( 'This store is already connected to Palompy through a connection this site no longer holds. WooCommerce hands keys only to a Palompy server on https://, so paste a new key below to prove this is the store and take that connection over.', 'palompy' )
					: __( 'Registered with the Palompy server. WooCommerce hands keys only to a Palompy server on https://, so paste a key below instead.', 'palompy' )
			);
		}
		// WooCommerce's own key approval page on this store: the merchant approves the access and
		// WooCommerce posts the keys to the Palompy server, then sends the merchant back here.
		wp_safe_redirect( $answer['authorizeUrl'] );
		exit;
	}

	public static function handle_keys() {
		self::guard( 'palompy_keys' );
		$key    = isset( $_POST['consumer_key'] ) ? trim( sanitize_text_field( wp_unslash( $_POST['consumer_key'] ) ) ) : '';
		$secret = isset( $_POST['consumer_secret'] ) ? trim( sanitize_text_field( wp_unslash( $_POST['consumer_secret'] ) ) ) : '';
		if ( ! Palompy_Settings::is_registered() ) {
			self::back( 'error', __( 'Connect first: the keys are sent to the Palompy shop the Connect button created.', 'palompy' ) );
		}
		if ( ! preg_match( self::KEY_FORMAT, $key ) || ! preg_match( self::SECRET, $secret ) ) {
			self::back( 'error', __( 'Paste a WooCommerce consumer key (ck_…) and its consumer secret (cs_…).', 'palompy' ) );
		}
		$took_over = self::is_takeover();
		$sent      = self::api()->submit_keys( $key, $secret );
		if ( is_wp_error( $sent ) ) {
			self::back( 'error', $sent->get_error_message() );
		}
		// Remembered so that uninstall (and Disconnect) can revoke exactly this key.
		$key_id = Palompy_Store::key_id_of( $key );
		if ( $key_id > 0 ) {
			$connection            = Palompy_Settings::connection();
			$connection['key_ids'] = array_values( array_unique( array_merge( array_map( 'intval', (array) $connection['key_ids'] ), array( $key_id ) ) ) );
			Palompy_Settings::save_connection( $connection );
		}
		self::refresh_status();
		self::back(
			'success',
			$took_over
				? __( 'The keys were accepted: this site took the Palompy connection over. The shop keeps what the assistant learned, and Palompy is repairing the webhooks and catching up with the catalog.', 'palompy' )
				: __( 'The keys were accepted: Palompy is importing your catalog.', 'palompy' )
		);
	}

	public static function handle_resync() {
		self::call_server(
			'palompy_resync',
			static function ( Palompy_Api $api ) {
				return $api->resync();
			}
		);
		self::back( 'success', __( 'Resync started: products, variations and policies are read from WooCommerce again.', 'palompy' ) );
	}

	/** The one button under a webhook warning: a reconciliation switches Palompy's webhooks back on and pulls what they missed. */
	public static function handle_repair() {
		self::call_server(
			'palompy_repair',
			static function ( Palompy_Api $api ) {
				return $api->resync();
			}
		);
		self::back( 'success', __( 'Repair started: the Palompy server switches its webhooks back on and reads the changes they missed. Reload this page in a minute.', 'palompy' ) );
	}

	/**
	 * Ends the connection: the server is asked to delete the shop (it removes its webhooks with the
	 * store's key), then what is left in this store goes too: Palompy's webhooks, its REST API keys,
	 * the token. Works when the server is gone, so the merchant is never stuck.
	 */
	public static function handle_disconnect() {
		self::guard( 'palompy_disconnect' );
		if ( ! Palompy_Settings::is_registered() ) {
			self::back( 'error', __( 'Connect your store first.', 'palompy' ) );
		}
		$connection = Palompy_Settings::connection();
		$deleted    = self::api()->delete_shop();
		Palompy_Store::delete_webhooks( $connection );
		$revoked = Palompy_Store::revoke_keys( (array) $connection['key_ids'] );
		Palompy_Settings::forget_connection();
		$message = is_wp_error( $deleted )
			/* translators: %s: the server's error message */
			? sprintf( __( 'Disconnected on this site. The Palompy server could not delete the shop (%s): ask its operator to delete it.', 'palompy' ), $deleted->get_error_message() )
			: __( 'Disconnected: the Palompy server deleted the shop.', 'palompy' );
		if ( $revoked ) {
			/* translators: %s: the revoked keys, as WooCommerce lists them */
			$message .= ' ' . sprintf( __( 'Revoked REST API keys: %s.', 'palompy' ), implode( ', ', $revoked ) );
		}
		self::back( is_wp_error( $deleted ) ? 'warning' : 'success', $message );
	}

	public static function handle_console() {
		$link = self::call_server(
			'palompy_console',
			static function ( Palompy_Api $api ) {
				return $api->console_link();
			}
		);
		$url   = isset( $link['url'] ) && is_string( $link['url'] ) ? esc_url_raw( $link['url'], array( 'http', 'https' ) ) : '';
		$host  = (string) wp_parse_url( $url, PHP_URL_HOST );
		$known = self::palompy_hosts();
		if ( '' === $host || ! in_array( $host, $known, true ) ) {
			self::back( 'error', __( 'The Palompy server sent an unexpected answer; nothing was changed.', 'palompy' ) );
		}
		add_filter(
			'allowed_redirect_hosts',
			static function ( $hosts ) use ( $known ) {
				return array_merge( $hosts, $known );
			}
		);
		wp_safe_redirect( $url );
		exit;
	}

	/* ---- Page ---- */

	public static function render_page() {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage Palompy.', 'palompy' ), '', array( 'response' => 403 ) );
		}
		$status = Palompy_Settings::is_registered() ? self::refresh_status() : null;
		echo '<div class="wrap" id="palompy-settings"><h1>' . esc_html__( 'Palompy', 'palompy' ) . '</h1>';
		settings_errors();
		self::print_flash();
		self::print_return_notice();
		self::print_permalink_warning();
		self::render_connection( $status );

		echo '<form method="post" action="' . esc_url( admin_url( 'options.php' ) ) . '" id="palompy-settings-form">';
		settings_fields( Palompy_Settings::GROUP );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form>';

		self::render_keys_form();
		echo '</div>';
	}

	private static function render_connection( $status ) {
		$connection = Palompy_Settings::connection();
		$settings   = Palompy_Settings::get();
		echo '<h2>' . esc_html__( 'Connection', 'palompy' ) . '</h2>';
		echo '<table class="form-table" role="presentation" id="palompy-status"><tbody>';

		if ( ! Palompy_Settings::is_registered() ) {
			self::row( __( 'Status', 'palompy' ), __( 'Not connected', 'palompy' ) );
		} elseif ( is_wp_error( $status ) ) {
			/* translators: %s: error message */
			self::row( __( 'Status', 'palompy' ), sprintf( __( 'The Palompy server could not be asked: %s', 'palompy' ), $status->get_error_message() ) );
			self::row( __( 'Server', 'palompy' ), $connection['server_url'] );
		} elseif ( self::is_takeover() ) {
			self::row( __( 'Status', 'palompy' ), __( 'Taking over an existing connection: waiting for a key', 'palompy' ) );
			self::row( __( 'Server', 'palompy' ), $connection['server_url'] );
			self::row( __( 'Shop', 'palompy' ), $connection['shop_id'] );
			$expires = '' !== $connection['expires_at'] ? strtotime( $connection['expires_at'] ) : false;
			if ( $expires ) {
				self::row( __( 'Takeover possible until', 'palompy' ), wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $expires ) );
			}
			if ( is_array( $connection['sync'] ) && '' !== $connection['sync']['error'] ) {
				self::row( __( 'Sync error', 'palompy' ), $connection['sync']['error'] );
			}
		} else {
			self::row( __( 'Status', 'palompy' ), $connection['connected'] ? __( 'Connected', 'palompy' ) : __( 'Waiting for the WooCommerce key approval', 'palompy' ) );
			self::row( __( 'Server', 'palompy' ), $connection['server_url'] );
			self::row( __( 'Shop', 'palompy' ), $connection['shop_id'] );
			self::render_sync_rows( $connection['sync'] );
			if ( $connection['connected'] && Palompy_Store::can_read_webhooks() ) {
				self::render_webhook_rows( $connection );
			}
		}
		echo '</tbody></table>';
		if ( Palompy_Settings::is_registered() && self::is_takeover() ) {
			echo '<p class="description" id="palompy-takeover">' . esc_html__( 'This store was already connected to this Palompy server, but this site no longer holds that connection\'s token (the plugin was deleted while the server could not be reached, or the database was restored). Give Palompy a new WooCommerce key below: once WooCommerce accepts it, this site takes the connection over, the shop keeps what the assistant learned, the old token stops working and the webhooks are repaired.', 'palompy' ) . '</p>';
		}

		echo '<p class="palompy-actions">';
		self::action_button( 'palompy_connect', Palompy_Settings::is_registered() ? __( 'Reconnect', 'palompy' ) : __( 'Connect', 'palompy' ), '' === $settings['server_url'], 'button-primary' );
		if ( Palompy_Settings::is_registered() ) {
			self::action_button( 'palompy_resync', __( 'Resync now', 'palompy' ), ! $connection['connected'] );
			// A claim may only prove the store: the server refuses it the console until then.
			self::action_button( 'palompy_console', __( 'Open the merchant console', 'palompy' ), self::is_takeover(), 'button-secondary', '_blank' );
			self::action_button( 'palompy_disconnect', __( 'Disconnect', 'palompy' ), false, 'button-link-delete', '', __( 'Disconnect this store from Palompy? The Palompy server deletes the shop and what it learned, and Palompy\'s REST API keys are revoked.', 'palompy' ) );
		}
		echo '</p>';
		if ( '' === $settings['server_url'] ) {
			echo '<p class="description">' . esc_html__( 'Enter the Palompy server URL below and save, then connect.', 'palompy' ) . '</p>';
		}
	}

	/**
	 * Palompy's webhooks as WooCommerce holds them. WooCommerce disables a webhook after repeated
	 * failed deliveries (a Palompy server outage) and never retries: until it is switched back on,
	 * changes to products no longer reach the assistant, so that is a warning with its repair button.
	 */
	private static function render_webhook_rows( array $connection ) {
		$webhooks = Palompy_Store::webhooks( $connection );
		$problems = Palompy_Store::webhook_problems( $webhooks );
		if ( array() === $problems['missing'] && array() === $problems['inactive'] ) {
			/* translators: %d: number of webhooks */
			self::row( __( 'Webhooks', 'palompy' ), sprintf( __( 'All %d active', 'palompy' ), count( $webhooks ) ) );
			return;
		}
		$broken = array_merge( $problems['inactive'], $problems['missing'] );
		/* translators: 1: number of webhooks not working, 2: their topics */
		$summary = sprintf( __( '%1$d not working (%2$s)', 'palompy' ), count( $broken ), implode( ', ', $broken ) );
		self::row( __( 'Webhooks', 'palompy' ), $summary );
		echo '</tbody></table>';
		echo '<div class="notice notice-warning inline" id="palompy-webhook-warning"><p>';
		echo esc_html__( 'Product changes no longer reach the assistant: WooCommerce disabled or lost some of Palompy\'s webhooks (it does so after repeated failed deliveries, for example while the Palompy server was down). Repair them: Palompy switches them back on and reads the changes they missed.', 'palompy' );
		echo '</p><p>';
		self::action_button( 'palompy_repair', __( 'Repair the webhooks', 'palompy' ), false, 'button-primary' );
		echo '</p></div>';
		echo '<table class="form-table" role="presentation"><tbody>';
	}

	private static function render_sync_rows( $sync ) {
		if ( ! is_array( $sync ) ) {
			return;
		}
		$states = array(
			'idle'    => __( 'Idle', 'palompy' ),
			'queued'  => __( 'Queued', 'palompy' ),
			'running' => __( 'Running', 'palompy' ),
			'done'    => __( 'Up to date', 'palompy' ),
			'failed'  => __( 'Failed', 'palompy' ),
		);
		$state = isset( $states[ $sync['state'] ] ) ? $states[ $sync['state'] ] : $sync['state'];
		if ( $sync['total'] > 0 ) {
			/* translators: 1: sync state, 2: items done, 3: items in total */
			$state = sprintf( __( '%1$s (%2$d of %3$d)', 'palompy' ), $state, $sync['done'], $sync['total'] );
		}
		self::row( __( 'Sync', 'palompy' ), $state );
		$format = get_option( 'date_format' ) . ' ' . get_option( 'time_format' );
		$last   = $sync['lastSyncAt'] ? strtotime( $sync['lastSyncAt'] ) : false;
		self::row( __( 'Last sync', 'palompy' ), $last ? wp_date( $format, $last ) : __( 'Never', 'palompy' ) );
		// "Resync now" and the daily run reconcile: when it last happened is how the merchant sees the result.
		$reconciled = $sync['lastReconciledAt'] ? strtotime( $sync['lastReconciledAt'] ) : false;
		self::row( __( 'Last reconciled', 'palompy' ), $reconciled ? wp_date( $format, $reconciled ) : __( 'Never', 'palompy' ) );
		if ( null !== $sync['products'] ) {
			self::row( __( 'Products the assistant knows', 'palompy' ), number_format_i18n( $sync['products'] ) );
		}
		if ( '' !== $sync['error'] ) {
			self::row( __( 'Sync error', 'palompy' ), $sync['error'] );
		}
	}

	private static function render_keys_form() {
		if ( ! Palompy_Settings::is_registered() ) {
			return;
		}
		echo '<h2>' . esc_html__( 'Paste keys by hand', 'palompy' ) . '</h2>';
		echo '<p>' . esc_html__( 'If the key approval does not work on your host, create a key under WooCommerce → Settings → Advanced → REST API and paste it here. Give it Read/Write permission: Palompy reads your catalog and pages, and creates its product webhooks with it; it never changes products or orders.', 'palompy' ) . '</p>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" id="palompy-keys-form">';
		echo '<input type="hidden" name="action" value="palompy_keys" />';
		wp_nonce_field( 'palompy_keys' );
		echo '<table class="form-table" role="presentation"><tbody>';
		echo '<tr><th scope="row"><label for="palompy_consumer_key">' . esc_html__( 'Consumer key', 'palompy' ) . '</label></th>';
		echo '<td><input type="text" class="regular-text code" id="palompy_consumer_key" name="consumer_key" autocomplete="off" pattern="ck_[0-9a-f]{40}" required /></td></tr>';
		echo '<tr><th scope="row"><label for="palompy_consumer_secret">' . esc_html__( 'Consumer secret', 'palompy' ) . '</label></th>';
		echo '<td><input type="password" class="regular-text code" id="palompy_consumer_secret" name="consumer_secret" autocomplete="off" pattern="cs_[0-9a-f]{40}" required /></td></tr>';
		echo '</tbody></table>';
		submit_button( __( 'Send the keys', 'palompy' ), 'secondary', 'submit', false );
		echo '</form>';
	}

	public static function appearance_intro() {
		echo '<p>' . esc_html__( 'How the assistant looks on your store. Saving also sends it to the Palompy server.', 'palompy' ) . '</p>';
	}

	public static function field_server_url() {
		self::text_input( 'server_url', 'url', 'regular-text code', array( 'placeholder' => 'https://palompy.example.com' ) );
	}

	public static function field_greeting() {
		self::text_input( 'greeting', 'text', 'regular-text', array( 'maxlength' => (string) Palompy_Settings::MAX_GREETING ) );
		echo '<p class="description">' . esc_html__( 'The first message shoppers see, in your site\'s language (like the quick prompts). Shoppers writing in another language see the greeting set for it in the Palompy console. Empty: a built-in greeting in the shopper\'s language.', 'palompy' ) . '</p>';
	}

	public static function field_color() {
		// Wide enough for "#2456d6" (WordPress's small-text is 50 px: "#245…").
		self::text_input( 'color', 'text', 'code', array( 'placeholder' => '#2456d6', 'pattern' => '#([0-9a-fA-F]{3}){1,2}', 'size' => '9', 'maxlength' => '7' ) );
	}

	/** One <input> bound to palompy_settings[$key]. */
	private static function text_input( $key, $type, $class, array $attributes ) {
		$settings = Palompy_Settings::get();
		$extra    = '';
		foreach ( $attributes as $name => $value ) {
			$extra .= ' ' . $name . '="' . esc_attr( $value ) . '"';
		}
		printf(
			'<input type="%1$s" class="%2$s" id="palompy_%3$s" name="%4$s[%3$s]" value="%5$s"%6$s />',
			esc_attr( $type ),
			esc_attr( $class ),
			esc_attr( $key ),
			esc_attr( Palompy_Settings::OPTION ),
			esc_attr( $settings[ $key ] ),
			$extra // Built from esc_attr() values above.
		);
	}

	public static function field_position() {
		$settings = Palompy_Settings::get();
		$choices  = array(
			'right' => __( 'Bottom right', 'palompy' ),
			'left'  => __( 'Bottom left', 'palompy' ),
		);
		printf( '<select id="palompy_position" name="%s[position]">', esc_attr( Palompy_Settings::OPTION ) );
		foreach ( $choices as $value => $label ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $value ), selected( $settings['position'], $value, false ), esc_html( $label ) );
		}
		echo '</select>';
	}

	public static function field_quick_prompts() {
		$settings = Palompy_Settings::get();
		printf(
			'<textarea class="large-text" rows="4" id="palompy_quick_prompts" name="%1$s[quick_prompts]">%2$s</textarea>',
			esc_attr( Palompy_Settings::OPTION ),
			esc_textarea( implode( "\n", $settings['quick_prompts'] ) )
		);
		/* translators: 1: how many prompts, 2: how many characters each */
		echo '<p class="description">' . esc_html( sprintf( __( 'One a line, up to %1$d, %2$d characters each.', 'palompy' ), Palompy_Settings::MAX_PROMPTS, Palompy_Settings::MAX_PROMPT ) ) . '</p>';
	}

	/* ---- Helpers ---- */

	/**
	 * Asks the server for the connection and sync state and keeps the answer: the storefront shows
	 * the widget only once the server reports the store connected.
	 *
	 * @return array|WP_Error|null
	 */
	public static function refresh_status() {
		if ( ! Palompy_Settings::is_registered() ) {
			return null;
		}
		$status = self::api()->status();
		if ( is_wp_error( $status ) ) {
			return $status;
		}
		$connection               = Palompy_Settings::connection();
		$connection['connected']  = isset( $status['connected'] ) && true === $status['connected'];
		$connection['sync']       = self::clean_sync( isset( $status['sync'] ) ? $status['sync'] : null );
		$connection['checked_at'] = time();
		$connection['takeover']   = isset( $status['takeover'] ) && true === $status['takeover'];
		$connection['expires_at'] = $connection['takeover'] && isset( $status['expiresAt'] ) && is_string( $status['expiresAt'] ) ? sanitize_text_field( $status['expiresAt'] ) : '';
		Palompy_Settings::save_connection( $connection );
		return $status;
	}

	private static function clean_sync( $sync ) {
		if ( ! is_array( $sync ) ) {
			return null;
		}
		return array(
			'state'      => isset( $sync['state'] ) && is_string( $sync['state'] ) ? sanitize_key( $sync['state'] ) : 'idle',
			'done'       => isset( $sync['done'] ) ? max( 0, (int) $sync['done'] ) : 0,
			'total'      => isset( $sync['total'] ) ? max( 0, (int) $sync['total'] ) : 0,
			'lastSyncAt' => isset( $sync['lastSyncAt'] ) && is_string( $sync['lastSyncAt'] ) ? sanitize_text_field( $sync['lastSyncAt'] ) : null,
			// Older Palompy servers send neither: the rows then say "Never" and leave the count out.
			'lastReconciledAt' => isset( $sync['lastReconciledAt'] ) && is_string( $sync['lastReconciledAt'] ) ? sanitize_text_field( $sync['lastReconciledAt'] ) : null,
			'products'   => isset( $sync['products'] ) && is_int( $sync['products'] ) ? max( 0, $sync['products'] ) : null,
			'error'      => isset( $sync['error'] ) && is_string( $sync['error'] ) ? sanitize_text_field( $sync['error'] ) : '',
		);
	}

	/** The registration is a claim on a connection this site lost, not yet proven. */
	private static function is_takeover() {
		$connection = Palompy_Settings::connection();
		return true === $connection['takeover'] && ! $connection['connected'];
	}

	private static function api() {
		$connection = Palompy_Settings::connection();
		return new Palompy_Api( $connection['server_url'], Palompy_Settings::token() );
	}

	/** Hosts a console link may lead to: the Palompy server the shop was registered with. */
	private static function palompy_hosts() {
		$connection = Palompy_Settings::connection();
		$hosts      = array();
		foreach ( array( $connection['server_url'], $connection['api_base'] ) as $url ) {
			$host = (string) wp_parse_url( $url, PHP_URL_HOST );
			if ( '' !== $host ) {
				$hosts[] = $host;
			}
		}
		return array_values( array_unique( $hosts ) );
	}

	/** The approval URL must be this store's own /wc-auth/v1/authorize, never another site. */
	private static function is_own_key_approval_url( $url ) {
		$parts = wp_parse_url( $url );
		$home  = wp_parse_url( home_url() );
		if ( ! is_array( $parts ) || ! is_array( $home ) || empty( $parts['host'] ) || empty( $home['host'] ) ) {
			return false;
		}
		$same_site = strtolower( $parts['host'] ) === strtolower( $home['host'] )
			&& ( isset( $parts['port'] ) ? $parts['port'] : null ) === ( isset( $home['port'] ) ? $home['port'] : null );
		$path      = isset( $parts['path'] ) ? $parts['path'] : '';
		$query     = isset( $parts['query'] ) ? $parts['query'] : '';
		return $same_site && ( false !== strpos( $path, '/wc-auth/v1/authorize' ) || false !== strpos( $query, 'wc-auth-route=authorize' ) );
	}

	/** An action on the registered shop: guarded, and back to the page with the server's error if any. */
	private static function call_server( $action, callable $call ) {
		self::guard( $action );
		if ( ! Palompy_Settings::is_registered() ) {
			self::back( 'error', __( 'Connect your store first.', 'palompy' ) );
		}
		$answer = $call( self::api() );
		if ( is_wp_error( $answer ) ) {
			self::back( 'error', $answer->get_error_message() );
		}
		return $answer;
	}

	private static function guard( $action ) {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage Palompy.', 'palompy' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( $action );
	}

	private static function action_button( $action, $label, $disabled, $class = 'button-secondary', $target = '', $confirm = '' ) {
		printf(
			'<form method="post" action="%1$s" class="palompy-action" style="display:inline-block;margin-right:8px"%2$s%3$s>',
			esc_url( admin_url( 'admin-post.php' ) ),
			'' !== $target ? ' target="' . esc_attr( $target ) . '"' : '',
			'' !== $confirm ? ' onsubmit="return window.confirm(' . esc_attr( wp_json_encode( $confirm ) ) . ')"' : ''
		);
		printf( '<input type="hidden" name="action" value="%s" />', esc_attr( $action ) );
		wp_nonce_field( $action );
		submit_button( $label, $class, 'submit', false, $disabled ? array( 'disabled' => 'disabled' ) : array() );
		echo '</form>';
	}

	private static function row( $label, $value ) {
		echo '<tr><th scope="row">' . esc_html( $label ) . '</th><td>' . esc_html( $value ) . '</td></tr>';
	}

	/** Back to the settings page with a one-time message for this user. */
	private static function back( $type, $message ) {
		set_transient( 'palompy_notice_' . get_current_user_id(), array( $type, $message ), 60 );
		wp_safe_redirect( self::page_url() );
		exit;
	}

	private static function print_flash() {
		$key    = 'palompy_notice_' . get_current_user_id();
		$notice = get_transient( $key );
		if ( ! is_array( $notice ) || 2 !== count( $notice ) ) {
			return;
		}
		delete_transient( $key );
		$type = in_array( $notice[0], array( 'success', 'warning' ), true ) ? $notice[0] : 'error';
		printf( '<div class="notice notice-%1$s is-dismissible palompy-notice"><p>%2$s</p></div>', esc_attr( $type ), esc_html( $notice[1] ) );
	}

	/**
	 * With plain permalinks /wc-auth/v1/authorize silently shows the home page and /wp-json/ is not
	 * routed, so neither the key approval nor the Palompy server's REST calls can work.
	 */
	private static function print_permalink_warning() {
		if ( '' !== (string) get_option( 'permalink_structure' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-warning" id="palompy-permalinks"><p>%1$s <a href="%2$s">%3$s</a></p></div>',
			esc_html__( 'Your permalinks are set to "Plain": WooCommerce\'s key approval page and its REST API need another structure.', 'palompy' ),
			esc_url( admin_url( 'options-permalink.php' ) ),
			esc_html__( 'Change the permalinks', 'palompy' )
		);
	}

	/** WooCommerce sends the merchant back with success=1 or success=0 after the key approval. */
	private static function print_return_notice() {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- a display-only flag set by WooCommerce's redirect.
		if ( ! isset( $_GET['palompy_return'], $_GET['success'] ) ) {
			return;
		}
		$approved = '1' === sanitize_key( wp_unslash( $_GET['success'] ) );
		// phpcs:enable
		$message = $approved
			? __( 'WooCommerce approved the access: Palompy is importing your catalog.', 'palompy' )
			: __( 'The access was not approved, so Palompy cannot read your catalog. Connect again, or paste keys by hand below.', 'palompy' );
		printf( '<div class="notice notice-%1$s palompy-notice"><p>%2$s</p></div>', $approved ? 'success' : 'warning', esc_html( $message ) );
	}
}
