<?php
/**
 * Runs when the merchant deletes the plugin: asks the Palompy server to delete the shop's data,
 * then removes what Palompy left in this store and the plugin's options.
 *
 * On the DELETE the server removes its webhooks through the REST API before it forgets the key.
 * The server may be unreachable (or already gone), so the plugin, which runs inside WooCommerce,
 * also deletes Palompy's webhooks itself and revokes the REST API keys Palompy was given: the
 * pasted ones it recorded and those WooCommerce's approval screen created for the "Palompy" app.
 *
 * @package Palompy
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/class-palompy-settings.php';
require_once __DIR__ . '/includes/class-palompy-api.php';
require_once __DIR__ . '/includes/class-palompy-store.php';

if ( ! defined( 'PALOMPY_VERSION' ) ) {
	$palompy_headers = get_file_data( __DIR__ . '/palompy.php', array( 'Version' => 'Version' ) );
	define( 'PALOMPY_VERSION', $palompy_headers['Version'] );
}

$palompy_connection = Palompy_Settings::connection();
$palompy_token      = Palompy_Settings::token();
if ( '' !== $palompy_connection['server_url'] && '' !== $palompy_token ) {
	// Best effort: a server that is gone must not keep the merchant from deleting the plugin.
	( new Palompy_Api( $palompy_connection['server_url'], $palompy_token ) )->delete_shop();
}
// WooCommerce is still active while its extensions are deleted (it may also be gone already).
if ( function_exists( 'wc_get_webhook' ) ) {
	Palompy_Store::delete_webhooks( $palompy_connection );
}
Palompy_Store::revoke_keys( (array) $palompy_connection['key_ids'] );
// Order reports still waiting for a retry would only be refused by a server that forgot the shop.
if ( function_exists( 'as_unschedule_all_actions' ) && class_exists( 'ActionScheduler', false ) && ActionScheduler::is_initialized() ) {
	as_unschedule_all_actions( 'palompy_report_order' );
}

foreach ( Palompy_Settings::option_names() as $palompy_option ) {
	delete_option( $palompy_option );
}

global $wpdb;
// Per-user notices (palompy_notice_<user id>) are short-lived transients; remove any left over.
$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\_transient\_palompy\_notice\_%' OR option_name LIKE '\_transient\_timeout\_palompy\_notice\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
