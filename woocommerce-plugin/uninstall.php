<?php
/**
 * Runs when the merchant deletes the plugin: asks the Palompy server to delete the shop's data,
 * then removes the plugin's options.
 *
 * The WooCommerce webhooks and the REST API key belong to the Palompy server's side of the
 * connection (it created them through the REST API with the approved key): on this DELETE the
 * server removes its webhooks through the REST API before it forgets the key. The merchant can
 * also revoke the key under WooCommerce → Settings → Advanced → REST API.
 *
 * @package Palompy
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/class-palompy-settings.php';
require_once __DIR__ . '/includes/class-palompy-api.php';

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

foreach ( Palompy_Settings::option_names() as $palompy_option ) {
	delete_option( $palompy_option );
}

global $wpdb;
// Per-user notices (palompy_notice_<user id>) are short-lived transients; remove any left over.
$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\_transient\_palompy\_notice\_%' OR option_name LIKE '\_transient\_timeout\_palompy\_notice\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
