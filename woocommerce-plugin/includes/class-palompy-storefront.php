<?php
/**
 * Puts the Palompy widget on storefront pages: one deferred script in the footer whose data-*
 * attributes carry the shop's public key, the API base, the page language and the appearance.
 * Never on admin pages, never before the Palompy server reports the store connected.
 *
 * @package Palompy
 */

defined( 'ABSPATH' ) || exit;

final class Palompy_Storefront {
	const HANDLE = 'palompy-widget';

	public static function boot() {
		add_action( 'wp_enqueue_scripts', array( __CLASS__, 'enqueue' ) );
		add_filter( 'script_loader_tag', array( __CLASS__, 'script_tag' ), 10, 2 );
	}

	public static function enqueue() {
		if ( is_admin() || ! Palompy_Plugin::woocommerce_active() || ! Palompy_Settings::is_connected() ) {
			return;
		}
		$connection = Palompy_Settings::connection();
		// WordPress 6.3+ prints defer itself from the strategy; on older versions script_tag() adds it.
		wp_enqueue_script(
			self::HANDLE,
			$connection['api_base'] . '/widget.js',
			array(),
			null, // The server versions widget.js with an ETag; a ?ver= would only split caches.
			array(
				'strategy'  => 'defer',
				'in_footer' => true,
			)
		);
	}

	/**
	 * @param string $tag    The <script> tag WordPress built.
	 * @param string $handle Script handle.
	 */
	public static function script_tag( $tag, $handle ) {
		if ( self::HANDLE !== $handle ) {
			return $tag;
		}
		$attributes = '';
		foreach ( self::data_attributes() as $name => $value ) {
			$attributes .= ' ' . $name . '="' . esc_attr( $value ) . '"';
		}
		if ( ! preg_match( '/<script\b[^>]*\sdefer[\s>=]/', $tag ) ) {
			$attributes .= ' defer';
		}
		return preg_replace( '/<script\b/', '<script' . $attributes, $tag, 1 );
	}

	/** The widget's attributes (widget/README.md in the Palompy repository describes each). */
	public static function data_attributes() {
		$connection = Palompy_Settings::connection();
		$settings   = Palompy_Settings::get();
		$attributes = array(
			'data-shop-id'  => $connection['public_key'],
			'data-api-base' => $connection['api_base'],
		);
		$lang = self::widget_language( get_locale() );
		if ( null !== $lang ) {
			$attributes['data-lang'] = $lang;
		}
		$attributes['data-position'] = 'left' === $settings['position'] ? 'bottom-left' : 'bottom-right';
		if ( '' !== $settings['color'] ) {
			$attributes['data-color'] = $settings['color'];
		}
		if ( '' !== $settings['greeting'] ) {
			$attributes['data-greeting'] = $settings['greeting'];
		}
		if ( array() !== $settings['quick_prompts'] ) {
			$attributes['data-prompts'] = wp_json_encode( array_values( $settings['quick_prompts'] ), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES );
		}
		return $attributes;
	}

	/**
	 * The language part of a WordPress locale ("ru_RU" → "ru") when the widget speaks it; otherwise
	 * null and the widget falls back to the page's <html lang>.
	 *
	 * @param string $locale WordPress locale.
	 */
	public static function widget_language( $locale ) {
		$lang = strtolower( substr( (string) $locale, 0, 2 ) );
		return in_array( $lang, (array) apply_filters( 'palompy_widget_languages', array( 'ru', 'en' ) ), true ) ? $lang : null;
	}
}
