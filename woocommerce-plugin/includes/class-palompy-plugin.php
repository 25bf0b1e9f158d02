<?php
/**
 * Wires the plugin into WordPress. Everything that needs WooCommerce is guarded: without it the
 * plugin says so in an admin notice and does nothing else.
 *
 * @package Palompy
 */

defined( 'ABSPATH' ) || exit;

final class Palompy_Plugin {
	public static function boot() {
		add_action( 'init', array( __CLASS__, 'load_textdomain' ) );
		add_action( 'before_woocommerce_init', array( __CLASS__, 'declare_woocommerce_compatibility' ) );
		add_action( 'admin_notices', array( __CLASS__, 'woocommerce_missing_notice' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( PALOMPY_PLUGIN_FILE ), array( __CLASS__, 'action_links' ) );
		Palompy_Admin::boot();
		Palompy_Storefront::boot();
		Palompy_Store::boot();
		Palompy_Orders::boot();
	}

	public static function activate() {
		// Created here so the first save goes through update_option (one sanitize pass).
		add_option( Palompy_Settings::OPTION, Palompy_Settings::defaults() );
	}

	public static function load_textdomain() {
		load_plugin_textdomain( 'palompy', false, dirname( plugin_basename( PALOMPY_PLUGIN_FILE ) ) . '/languages' );
	}

	/** Asked after plugins_loaded: WooCommerce may load after this plugin. */
	public static function woocommerce_active() {
		return class_exists( 'WooCommerce', false );
	}

	/** Orders are read and their meta written only through WooCommerce's order objects, so High-Performance Order Storage works. */
	public static function declare_woocommerce_compatibility() {
		if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', PALOMPY_PLUGIN_FILE, true );
		}
	}

	public static function woocommerce_missing_notice() {
		if ( self::woocommerce_active() || ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		echo '<div class="notice notice-warning" id="palompy-woocommerce-missing"><p>';
		echo esc_html__( 'Palompy needs WooCommerce: install and activate WooCommerce, then connect your store under WooCommerce → Palompy. Until then the assistant is not shown on your store.', 'palompy' );
		echo '</p></div>';
	}

	public static function action_links( $links ) {
		if ( self::woocommerce_active() ) {
			array_unshift( $links, '<a href="' . esc_url( Palompy_Admin::page_url() ) . '">' . esc_html__( 'Settings', 'palompy' ) . '</a>' );
		}
		return $links;
	}
}
