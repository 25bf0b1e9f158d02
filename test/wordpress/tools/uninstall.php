<?php
/**
 * Uninstalls Palompy the way WordPress does when the merchant deletes it (the plugin is already
 * deactivated, so none of its code is loaded; then
 * uninstall_plugin() runs its uninstall.php), without deleting the plugin's files.
 *
 * Usage: php uninstall.php SITE_DIR
 */

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/file.php';

if ( class_exists( "Palompy_Plugin", false ) ) {
	fwrite( STDERR, "deactivate Palompy first: uninstall.php must work without the plugin loaded\n" );
	exit( 1 );
}
uninstall_plugin( 'palompy/palompy.php' );
echo "uninstalled\n";
