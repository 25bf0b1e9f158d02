<?php
/**
 * Router for `php -S` serving WordPress (the built-in server does no rewrites): existing files and
 * folders are served as they are (PHP files run), everything else goes to WordPress's index.php.
 */
$palompy_path = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
if ( file_exists( $_SERVER['DOCUMENT_ROOT'] . $palompy_path ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
chdir( $_SERVER['DOCUMENT_ROOT'] );
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
