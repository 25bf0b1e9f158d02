<?php
/**
 * What install.php and install-woocommerce.php share: WordPress loaded in installing mode, and
 * the steps both sites take (the install with an administrator and the fixture theme, plugin
 * activation, users). Required by them; not run on its own.
 */

define( 'WP_INSTALLING', true );

// No mail on this machine: the "new site" email would only print sendmail errors.
function wp_new_blog_notification() {}

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

/**
 * WordPress with the administrator `admin`, the fixture theme and the pretty permalinks
 * WooCommerce stores run with (its key approval page and the REST API need them).
 */
function palompy_install_site( string $title ): void {
	wp_install( $title, 'admin', 'admin@example.test', false, '', 'admin-password' );
	switch_theme( 'palompy-test-theme' );
	update_option( 'permalink_structure', '/%postname%/' );
}

/** Activates a plugin (its activation hook runs); the install stops if WordPress refuses it. */
function palompy_activate_plugin( string $plugin ): void {
	$result = activate_plugin( $plugin );
	if ( is_wp_error( $result ) ) {
		fwrite( STDERR, "activating $plugin: " . $result->get_error_message() . "\n" );
		exit( 1 );
	}
}

/** A user whose password is `LOGIN-password` and email `LOGIN@example.test`. */
function palompy_add_user( string $login, string $role ): void {
	wp_insert_user(
		array(
			'user_login' => $login,
			'user_pass'  => "$login-password",
			'user_email' => "$login@example.test",
			'role'       => $role,
		)
	);
}
